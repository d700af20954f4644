import { DurableObject } from "cloudflare:workers";

export class Inbox extends DurableObject {
	async add(msg) {
		await this.ctx.storage.put(`msg:${Date.now()}:${crypto.randomUUID()}`, msg);
	}
	async all() {
		const all = await this.ctx.storage.list(); // want `storage.list\(\) without limit, prefix, start or end reads every key and value of the object into one Map, and Inbox puts keys computed at run time but never deletes one, so the store only grows and each call costs more time and memory \(an isolate has 128 MB\); read a page with \{ limit, startAfter \} or delete old keys`
		return [...all.values()];
	}
	async reversed() {
		return this.ctx.storage.list({ reverse: true }); // want `storage.list\(\) without limit`
	}
	// Bounded reads.
	async page(after) {
		return this.ctx.storage.list({ startAfter: after, limit: 100 });
	}
	async messages() {
		return this.ctx.storage.list({ prefix: "msg:" });
	}
	async withOptions(opts) {
		return this.ctx.storage.list(opts);
	}
}

// Fixed keys: the store holds at most these.
export class Config extends DurableObject {
	async set(value) {
		await this.ctx.storage.put("config", value);
		await this.ctx.storage.put({ theme: value.theme, lang: value.lang });
	}
	async setKey(key, value) {
		await this.ctx.storage.put(key, value);
	}
	async all() {
		return this.ctx.storage.list();
	}
}

// Keys are deleted once handled.
export class Queue extends DurableObject {
	async push(job) {
		await this.ctx.storage.put("job:" + job.id, job);
	}
	async alarm() {
		const jobs = await this.ctx.storage.list();
		await this.ctx.storage.delete([...jobs.keys()]);
	}
}

export default { fetch: () => new Response("ok") };
