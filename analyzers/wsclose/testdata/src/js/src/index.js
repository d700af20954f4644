import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
	async fetch() {
		const pair = new WebSocketPair();
		this.ctx.acceptWebSocket(pair[1]);
		return new Response(null, { status: 101, webSocket: pair[0] });
	}
	async webSocketClose(ws, code, reason, wasClean) { // want `never calls ws.close\(\)`
		this.ctx.storage.delete("presence");
	}
}

// A legacy class gets the same handlers.
export class Old {
	constructor(state) {
		this.state = state;
	}
	async webSocketClose(ws) { // want `never calls ws.close\(\)`
		await this.state.storage.put("gone", true);
	}
}

export default { fetch: () => new Response("ok") };
