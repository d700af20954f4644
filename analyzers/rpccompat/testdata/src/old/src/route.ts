export async function route(env: { COUNTER: DurableObjectNamespace }) {
  const ns = env.COUNTER;
  return ns.getByName("c").add(3); // want `"TypeError: ns.getByName\(...\).add is not a function"`
}
