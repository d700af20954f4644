// A parameter or a local declaration hides the global in its function.
export function wire(addEventListener: (type: string, fn: () => void) => void) {
  addEventListener("fetch", () => {});
}
export function other() {
  const self = { addEventListener: (type: string) => type };
  self.addEventListener("fetch");
}
