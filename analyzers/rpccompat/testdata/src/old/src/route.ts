export async function route(env: { COUNTER: DurableObjectNamespace }) {
  const ns = env.COUNTER;
  return ns.getByName("c").add(3); // want `"TypeError: ns.getByName\(...\).add is not a function"`
}

// A Hono-style handler reads bindings from c.env.
export async function hono(c: { env: { COUNTER: DurableObjectNamespace } }) {
  const eu = c.env.COUNTER.jurisdiction("eu");
  const stub = eu.get(eu.newUniqueId());
  await stub.fetch("https://do/");
  return stub.increment(); // want `increment\(\) is an RPC call on a COUNTER stub.*"TypeError: stub.increment is not a function"`
}

function counterFor(env: { COUNTER: DurableObjectNamespace }, name: string) {
  return env.COUNTER.getByName(name);
}

export async function viaHelper(env: { COUNTER: DurableObjectNamespace }) {
  await counterFor(env, "x").fetch("https://do/");
  return counterFor(env, "x").add(1); // want `"TypeError: counterFor\(...\).add is not a function"`
}
