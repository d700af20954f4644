// A bound class without extends is the legacy form of a Durable Object.
export class Legacy { // want "do Legacy ExtendsDO=no lib= bases=\\[\\] bound=\\[LEGACY\\]"
  constructor(state: DurableObjectState, env: Env) {}
  async fetch() { return new Response("old"); }
}
