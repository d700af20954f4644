import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
	async fetch() {
		const [client, server] = Object.values(new WebSocketPair());
		server.accept(); // want `server.accept`
		server.addEventListener("message", (event) => {
			if (typeof event.data === "string") {
				server.send(event.data.toUpperCase());
			}
		});
		return new Response(null, { status: 101, webSocket: client });
	}
}

export default { fetch: () => new Response("ok") };
