import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";

export class Counter extends DurableObject {}

export default class extends WorkerEntrypoint<any> {
  async fetch(request: Request) {
    return this.env.COUNTER.getByName("main").fetch(request); // want `the one COUNTER object named "main"`
  }
}
