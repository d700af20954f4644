export function nap(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
