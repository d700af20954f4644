// An ambient declaration is erased: the call refers to the global.
declare function addEventListener(type: string, fn: (e: unknown) => void): void;
export const a = 1;
addEventListener("fetch", () => {});
