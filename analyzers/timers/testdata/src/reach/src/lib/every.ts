export function every(ms: number) {
  setInterval(() => {}, ms); // want `setInterval runs in Durable Object Room through startClock\(\) and every\(\)`
}
