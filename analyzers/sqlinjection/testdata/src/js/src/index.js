import { DurableObject } from "cloudflare:workers";

export class Users extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
  }

  find(id, limit) {
    return this.sql.exec(`SELECT * FROM users WHERE id = '${id}' LIMIT ${limit}`).toArray(); // want `interpolates id`
  }
}

export default { fetch: () => new Response("ok") };
