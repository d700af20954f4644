import { DurableObject } from "cloudflare:workers";
export default class Counter extends DurableObject {
  async fetch() { return new Response("counter"); }
}
