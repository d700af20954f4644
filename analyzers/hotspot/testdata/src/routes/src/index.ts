import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {}

const COORDINATOR = "coordinator";

// Routes reach the constant objects, each for a subset of requests.
export default {
  async fetch(request: Request, env: any) {
    const url = new URL(request.url);
    const admin = url.pathname.startsWith("/admin") ? env.COUNTER.getByName("admin") : null;
    const maybe = url.searchParams.has("audit") && env.COUNTER.getByName("audit");
    const later = () => env.COUNTER.getByName("later");
    if (url.pathname === "/stats") {
      return env.COUNTER.getByName(COORDINATOR).fetch(request);
    }
    switch (url.pathname) {
      case "/lobby":
        return env.ROOMS.getByName("lobby").fetch(request);
    }
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("expected a WebSocket", { status: 426 });
    }
    // Only WebSocket upgrades get this far.
    const stub = env.ROOMS.getByName("chat");
    return stub.fetch(request, { admin, maybe, later });
  },
};
