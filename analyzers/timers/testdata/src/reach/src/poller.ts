import { DurableObject } from "cloudflare:workers";
import { refresh } from "./lib/refresh";

export class Poller extends DurableObject {
  async fetch() {
    refresh();
    return new Response("ok");
  }
}
