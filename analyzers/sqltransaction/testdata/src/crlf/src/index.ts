import { DurableObject } from "cloudflare:workers";

export class Bank extends DurableObject {
	reset() {
		this.ctx.storage.sql.exec("BEGIN"); // want `runs BEGIN`
		this.ctx.storage.sql.exec("DELETE FROM a");
		this.ctx.storage.sql.exec("DELETE FROM b");
		this.ctx.storage.sql.exec("COMMIT"); // want `runs COMMIT`
	}
}

export default { fetch: () => new Response("ok") };
