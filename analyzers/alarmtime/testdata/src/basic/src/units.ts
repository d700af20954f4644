export const HOUR = 60 * 60 * 1000;
