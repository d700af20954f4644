import { DurableObject } from "cloudflare:workers";

export class Invoices extends DurableObject {}
export class Ledger extends DurableObject {}

export default {
  async fetch(): Promise<Response> {
    return new Response("ok");
  },
};
