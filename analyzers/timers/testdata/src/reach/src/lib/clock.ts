import { every } from "./every";

export function startClock() {
  every(1000);
}
