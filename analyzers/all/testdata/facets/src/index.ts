import { DurableObject } from "cloudflare:workers";

export class Planner extends DurableObject {
  async addStep(id: string, text: string): Promise<number> {
    const step = this.ctx.facets.get(`step/${id}`, () => ({ class: this.ctx.exports.Step }));
    return await step.record(text);
  }

  async addNote(text: string): Promise<void> {
    const note = this.ctx.facets.get("note", () => ({ class: this.ctx.exports.Note }));
    await note.write(text);
  }
}

export class Step extends DurableObject {
  record(text: string): number {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS lines (text TEXT)");
    this.ctx.storage.sql.exec("INSERT INTO lines (text) VALUES (?)", text);
    return this.ctx.storage.sql.exec("SELECT count(*) AS n FROM lines").one().n as number;
  }
}

export class Note extends DurableObject {
  write(text: string): void {
    this.ctx.storage.kv.put("text", text);
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const n = await env.PLANNER.getByName(new URL(request.url).pathname).addStep("1", await request.text());
    return new Response(String(n));
  },
};

interface Env {
  PLANNER: DurableObjectNamespace<Planner>;
}
