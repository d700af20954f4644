import { DurableObject } from "cloudflare:workers";

export class Users extends DurableObject {
	find(id: string, limit: number) {
		return this.ctx.storage.sql.exec(`SELECT * FROM users -- // want "interpolates id"
	WHERE id = '${id}'
	LIMIT ${limit}`).toArray();
	}
}

export default { fetch: () => new Response("ok") };
