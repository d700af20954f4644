import { ChatRoom } from "./chat";
import { Counter } from "./counter";
import { Accounts } from "./accounts";

export { ChatRoom, Counter, Accounts };

export interface Env {
  ROOMS: DurableObjectNamespace<ChatRoom>;
  COUNTERS: DurableObjectNamespace<Counter>;
  ACCOUNTS: DurableObjectNamespace<Accounts>;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const [, kind, name = "lobby"] = url.pathname.split("/");
    switch (kind) {
      case "room":
        return env.ROOMS.getByName(name).fetch(request);
      case "count": {
        const value = await env.COUNTERS.getByName(name).increment(1);
        return Response.json({ value });
      }
      case "transfer": {
        const { from, to, amount } = (await request.json()) as { from: string; to: string; amount: number };
        const ledger = env.ACCOUNTS.getByName("ledger");
        await ledger.transfer(from, to, amount);
        return Response.json({ from: await ledger.balance(from), to: await ledger.balance(to) });
      }
    }
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
