import { DurableObject } from "cloudflare:workers";

interface Filter {
  text?: string;
  folder?: string;
  unread?: boolean;
}

export class Mailbox extends DurableObject {
  // Every condition is a constant fragment with numbered placeholders; the
  // values go to params. The alias comes only from this class's own calls.
  #where(filter: Filter, alias = "") {
    const col = alias ? `${alias}.` : "";
    const conds: string[] = [];
    const params: (string | number)[] = [];
    let n = 0;
    const bind = (value: string | number) => {
      n++;
      params.push(value);
      return `?${n}`;
    };
    if (filter.text) conds.push(`${col}subject LIKE ${bind(`%${filter.text}%`)}`);
    if (filter.folder) {
      const p = bind(filter.folder);
      conds.push(`(${col}folder = ${p} OR ${col}label = ${p})`);
    }
    if (filter.unread) conds.push(`${col}read = 0`);
    return { conds, params };
  }

  search(filter: Filter) {
    const { conds, params } = this.#where(filter, "m");
    const where = conds.length ? `WHERE ${conds.join(" AND ")}` : "";
    return this.ctx.storage.sql.exec(`SELECT m.id FROM mail m ${where}`, ...params).toArray();
  }

  count(filter: Filter) {
    const { conds, params } = this.#where(filter);
    return this.ctx.storage.sql.exec(`SELECT count(*) FROM mail WHERE ${conds.join(" AND ") || "1"}`, ...params).one();
  }

  // The same shape, but one call passes text from outside as the alias.
  private order(filter: Filter, column: string) {
    const conds: string[] = [];
    if (filter.unread) conds.push(`read = 0`);
    return { conds, sort: column };
  }

  sorted(filter: Filter, column: string) {
    const { conds, sort } = this.order(filter, column);
    this.ctx.storage.sql.exec(`SELECT id FROM mail WHERE ${conds.join(" AND ")} ORDER BY ${sort}`); // want `interpolates sort`
  }

  #label(prefix: string) {
    return `${prefix}_label`;
  }

  labels(name: string) {
    // One call passes outside text, so the parameter is unsafe at every call.
    this.ctx.storage.sql.exec(`SELECT * FROM ${this.#label("inbox")}`); // want `interpolates this.#label\("inbox"\)`
    return this.ctx.storage.sql.exec(`SELECT * FROM ${this.#label(name)}`); // want `interpolates this.#label\(name\)`
  }

  #archive(year: number | string) {
    return `archive_${year}`;
  }

  archives() {
    this.ctx.storage.sql.exec(`SELECT * FROM ${this.#archive(2024)}`);
    return this.ctx.storage.sql.exec(`SELECT * FROM ${this.#archive("old")}`);
  }

  // A private method handed out as a callback: its callers are unknown.
  #table(kind: string) {
    return `${kind}_items`;
  }

  leaked(register: (f: (k: string) => string) => void) {
    register(this.#table);
    this.ctx.storage.sql.exec(`SELECT * FROM ${this.#table("a")}`); // want `interpolates this.#table\("a"\)`
  }

  // A public method: a subclass may override it and return anything.
  where(filter: Filter) {
    const conds: string[] = [];
    if (filter.unread) conds.push("read = 0");
    return { conds };
  }

  overridable(filter: Filter) {
    const { conds } = this.where(filter);
    this.ctx.storage.sql.exec(`SELECT id FROM mail WHERE ${conds.join(" AND ")}`); // want `interpolates conds.join`
  }

  // A pushed value that is not constant keeps the list unsafe.
  #loose(filter: Filter) {
    const conds: string[] = [];
    if (filter.text) conds.push(`subject = '${filter.text}'`);
    return { conds };
  }

  loose(filter: Filter) {
    const { conds } = this.#loose(filter);
    this.ctx.storage.sql.exec(`SELECT id FROM mail WHERE ${conds.join(" AND ")}`); // want `interpolates conds.join`
  }
}

export default { fetch: () => new Response("ok") };
