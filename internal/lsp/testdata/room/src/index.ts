import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx);
  }

  async fetch(request: Request): Promise<Response> {
    const rows = this.ctx.storage.sql.exec("SELECT 1 AS one").toArray();
    return Response.json(rows);
  }
}

export default {
  fetch(request: Request, env: { ROOM: DurableObjectNamespace }) {
    return env.ROOM.getByName("lobby").fetch(request);
  },
};
