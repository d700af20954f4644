import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    return new Response("🚀 room");
  }
}

export class Presence extends DurableObject {}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const id = env.ROOMS.idFromName("lobby");
    return env.ROOMS.get(id).fetch(request);
  },
};
