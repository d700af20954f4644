import { Agent, callable, getCurrentAgent, routeAgentRequest, type StreamingResponse } from "agents";

type Env = { Counter: DurableObjectNamespace<Counter> };

export type State = { count: number; reminders: string[] };

// A counter whose state every connected client sees, with reminders that
// the agent's scheduler delivers later into the same state.
export class Counter extends Agent<Env, State> {
  initialState: State = { count: 0, reminders: [] };

  @callable()
  increment(by: number) {
    this.setState({ ...this.state, count: this.state.count + by });
    return this.state.count;
  }

  @callable()
  async remindIn(seconds: number, note: string) {
    const task = await this.schedule(seconds, "remind", { note });
    return task.id;
  }

  // Counts to n, one message per number, then ends with the total.
  @callable({ streaming: true })
  async countTo(stream: StreamingResponse, n: number) {
    let total = 0;
    for (let i = 1; i <= n; i++) {
      await scheduler.wait(1);
      total += i;
      stream.send(i);
    }
    stream.end(total);
  }

  // Answers through a helper that finds the agent and the caller's
  // connection by itself, after awaiting.
  @callable()
  async whoAmI() {
    return describeCaller();
  }

  // Queues a line for the log; the agent writes it in the background.
  @callable()
  async enqueue(text: string) {
    return this.queue("record", { text });
  }

  async record(payload: { text: string }) {
    this.sql`CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL)`;
    this.sql`INSERT INTO log (text) VALUES (${payload.text})`;
  }

  // Plain HTTP requests to the agent read its count and its log.
  async onRequest(request: Request): Promise<Response> {
    if (request.method !== "GET") return new Response("method not allowed", { status: 405 });
    this.sql`CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL)`;
    const log = this.sql<{ text: string }>`SELECT text FROM log ORDER BY id`.map((r) => r.text);
    return Response.json({ name: this.name, count: this.state.count, log });
  }

  async remind(payload: { note: string }) {
    this.setState({ ...this.state, reminders: [...this.state.reminders, payload.note] });
  }
}

async function describeCaller() {
  await Promise.resolve();
  await scheduler.wait(1);
  const { agent, connection } = getCurrentAgent<Counter>();
  return { agent: agent?.name ?? null, connection: connection?.id ?? null };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    return (await routeAgentRequest(request, env)) ?? new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
