import { DurableObject } from "cloudflare:workers";

const SINGLETON = "singleton";
const ALIAS = SINGLETON;

export class Counter extends DurableObject {
  async fetch(req: Request) {
    // Inside the object: not the Worker's request path.
    const other = (this.env as any).ROOMS.getByName("global");
    return other.fetch(req);
  }
}

export default {
  async fetch(request: Request, env: any): Promise<Response> {
    const url = new URL(request.url);
    const id = env.COUNTER.idFromName("global"); // want `every request that fetch\(\) handles goes to the one COUNTER object named "global": an object runs one request at a time, with a soft limit of 1,000 requests per second, so it caps the whole Worker's throughput; if the traffic can be split, derive the name from the request \(a room, user or tenant id\)`
    const counter = env.COUNTER.get(id);
    const rooms = env.ROOMS.getByName(ALIAS); // want `the one ROOMS object named "singleton"`
    const fixed = env.ROOMS.get(env.ROOMS.idFromString(`0123456789abcdef`)); // want `the one ROOMS object named "0123456789abcdef"`
    try {
      await env.ROOMS.getByName("audit").fetch(request); // want `named "audit"`
    } catch {
      await env.ROOMS.getByName("fallback").fetch(request);
    }
    // Names from the request spread the load.
    const byPath = env.ROOMS.getByName(url.pathname);
    const byHeader = env.ROOMS.idFromName(request.headers.get("x-tenant") ?? "default");
    let mutable = "x";
    const byLet = env.ROOMS.getByName(mutable);
    // Not a Durable Object binding.
    const other = env.KV.getByName("global");
    await Promise.all([rooms, fixed, byPath, byHeader, byLet, other].map((s) => s && s.fetch(request)));
    return counter.fetch(request);
  },
};
