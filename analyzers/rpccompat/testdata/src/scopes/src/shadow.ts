// A name declared in an inner scope hides the legacy stub of the outer
// one: only calls that reach the outer stub are reported.

export async function nested(env: any) {
  const stub = env.LEGACY.getByName("outer");
  function inner() {
    const stub = env.MODERN.getByName("inner");
    return stub.ping();
  }
  function param(stub: { ping(): string }) {
    return stub.ping();
  }
  const viaArrow = (stub: { ping(): string }) => stub.ping();
  const viaDefault = (s = env.MODERN.getByName("d")) => s.ping();
  const closure = () => stub.ping(); // want `ping\(\) is an RPC call on a LEGACY stub`
  return [inner(), param({ ping: () => "" }), viaArrow({ ping: () => "" }), viaDefault(), closure()];
}

export async function loops(env: any, names: string[]) {
  const stub = env.LEGACY.getByName("outer");
  for (const stub of [env.MODERN.getByName("x")]) {
    await stub.ping();
  }
  for (let stub = env.MODERN.getByName("y"); ; ) {
    await stub.ping();
    break;
  }
  for (const name of names) {
    const stub = env.LEGACY.getByName(name);
    await stub.ping(); // want `ping\(\) is an RPC call on a LEGACY stub`
  }
  names.forEach((stub) => stub.ping());
  return stub.fetch("https://do/");
}

export async function caught(env: any) {
  const stub = env.LEGACY.getByName("outer");
  try {
    await stub.fetch("https://do/");
  } catch (stub) {
    (stub as any).ping();
  }
  try {
    return null;
  } catch ({ stub }) {
    return stub.ping();
  } finally {
    await stub.ping(); // want `ping\(\) is an RPC call on a LEGACY stub`
  }
}

export async function classes(env: any) {
  const stub = env.LEGACY.getByName("outer");
  class Helper {
    stub = env.MODERN.getByName("field");
    run(stub: { ping(): string }) {
      return stub.ping();
    }
    own() {
      return this.stub.ping();
    }
    static {
      const stub = env.MODERN.getByName("static");
      stub.ping();
    }
    outer() {
      return stub.ping(); // want `ping\(\) is an RPC call on a LEGACY stub`
    }
  }
  return new Helper();
}

// One var declared twice is one binding: either initializer may be its
// value, so neither call is judged by the other's stub.
export async function vars(env: any, flag: boolean) {
  if (flag) {
    var stub = env.LEGACY.getByName("a");
    await stub.fetch("https://do/");
  } else {
    var stub = env.MODERN.getByName("b");
    await stub.ping();
  }
}

// A variable assigned after its declaration may hold another stub.
export async function reassigned(env: any, flag: boolean) {
  let stub = env.LEGACY.getByName("a");
  if (flag) {
    stub = env.MODERN.getByName("b");
  }
  await stub.ping();
  let legacy = env.LEGACY.getByName("c");
  await legacy.ping(); // want `ping\(\) is an RPC call on a LEGACY stub`
}
