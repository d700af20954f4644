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
