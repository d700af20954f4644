import { DurableObject } from "cloudflare:workers";
import { nap } from "./lib/nap";
import { Quiet } from "./quiet";

export { Room } from "./room";
export { Poller } from "./poller";
export { Quiet };

// A sleep helper of another module, called without await.
export class Napper extends DurableObject {
  async fetch() {
    nap(10); // want `nap\(\) starts a .* and is not awaited`
    await nap(10);
    return new Response("ok");
  }
}

export default { fetch: () => new Response("ok") };
