import { Agent, callable, routeAgentRequest } from "agents";

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

  async remind(payload: { note: string }) {
    this.setState({ ...this.state, reminders: [...this.state.reminders, payload.note] });
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    return (await routeAgentRequest(request, env)) ?? new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
