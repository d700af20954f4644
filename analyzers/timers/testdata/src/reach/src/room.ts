import { DurableObject } from "cloudflare:workers";
import { startClock } from "./lib";

// This module names no timer: the timer its call runs is two imports
// away, behind a module that re-exports it.
export class Room extends DurableObject {
  async fetch() {
    startClock();
    return new Response("ok");
  }
}
