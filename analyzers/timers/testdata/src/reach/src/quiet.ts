import { DurableObject } from "cloudflare:workers";
import { format } from "./format";

// Nothing this module imports names a timer.
export class Quiet extends DurableObject {
  async fetch() {
    return new Response(format(Date.now()));
  }
}
