import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  fetch() {
    const target = new EventTarget();
    target.addEventListener("x", () => {});
    return new Response("ok");
  }
}
// A declaration of its own shadows the global.
function addEventListener(type: string, fn: () => void) {
  return [type, fn];
}
addEventListener("fetch", () => {});
export type { Room as RoomType };
