import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {}

async function handle(request: Request, env: any) {
  return env.COUNTER.getByName("one").fetch(request); // want `the one COUNTER object named "one"`
}

const worker = { fetch: handle };
export default worker;
