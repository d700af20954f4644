import { DurableObject } from "cloudflare:workers";

interface Env {
  LISTS: DurableObjectNamespace<TodoList>;
}

type Todo = { id: number; title: string; done: number };

export class TodoList extends DurableObject<Env> {
  sql = this.ctx.storage.sql;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql.exec("CREATE TABLE IF NOT EXISTS todos (id INTEGER PRIMARY KEY, title TEXT, done INTEGER)");
  }

  search(term: string): Todo[] {
    return this.sql.exec<Todo>(`SELECT * FROM todos WHERE title LIKE '%${term}%'`).toArray();
  }

  add(titles: string[]): void {
    this.sql.exec("BEGIN TRANSACTION");
    for (const title of titles) {
      this.sql.exec("INSERT INTO todos (title, done) VALUES (?, 0)", title);
    }
    this.sql.exec("COMMIT");
  }

  count(): number {
    const cursor = this.sql.exec("SELECT count(*) AS n FROM todos");
    return (cursor as any).rows[0].n;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const list = env.LISTS.getByName(url.searchParams.get("list") ?? "default");
    return Response.json(await list.search(url.searchParams.get("q") ?? ""));
  },
};
