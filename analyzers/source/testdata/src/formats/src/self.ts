export const version = 2;
self.addEventListener("fetch", () => {});
