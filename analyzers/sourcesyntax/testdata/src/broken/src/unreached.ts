// Not imported from main: not part of the Worker, so not reported.
export const = 1;
