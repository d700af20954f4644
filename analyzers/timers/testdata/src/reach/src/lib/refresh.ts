import { poll } from "./poll";

export function refresh() {
  poll();
}
