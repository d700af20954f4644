import { DurableObject, env as importedEnv } from "cloudflare:workers";
import { errInfo, serveObject, workerFetch } from "../../_harness/harness.js";

function attempt(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: errInfo(e) };
  }
}

// Code generation from strings: allowed at startup from
// allow_eval_during_startup (2025-06-01), never while handling an event.
function codegen() {
  return {
    indirectEval: attempt(() => (0, eval)("6 * 7")),
    evalNonString: attempt(() => eval(42)),
    functionCtor: attempt(() => new Function("a", "return a * 2")(21)),
    functionNoArgs: attempt(() => typeof new Function()),
    asyncFunctionCtor: attempt(() => typeof new (async function () {}).constructor("return 1")),
  };
}

const atStartup = codegen();

const objectTests = {
  codegen() {
    return { atStartup, inEvent: codegen() };
  },
  // Before capture_async_api_throws (2022-10-31) some promise-returning
  // APIs threw synchronously.
  putUndefined(self) {
    try {
      const p = self.ctx.storage.put("u", undefined);
      return p.then(
        () => "resolved",
        (e) => ({ rejected: errInfo(e) }),
      );
    } catch (e) {
      return { threw: errInfo(e) };
    }
  },
};

class AppError extends Error {
  constructor(message) {
    super(message);
    this.name = "AppError";
    this.code = 42;
  }
}

function describeError(e) {
  if (e === null || typeof e !== "object") return { thrown: String(e) };
  return {
    name: e.name,
    message: e.message,
    remote: e.remote,
    code: e.code,
    isError: e instanceof Error,
    ctor: e.constructor && e.constructor.name,
    ownKeys: Object.keys(e).sort(),
    hasCause: "cause" in e,
  };
}

// How errors cross RPC and structured clones: enhanced_error_serialization
// (2026-04-21) keeps names and own properties.
const errorTests = {
  async thrownCustom(env) {
    try {
      await env.PROBE.getByName("e").throwCustom();
    } catch (e) {
      return describeError(e);
    }
  },
  async thrownWithCause(env) {
    try {
      await env.PROBE.getByName("e").throwWithCause();
    } catch (e) {
      return describeError(e);
    }
  },
  async thrownDOMException(env) {
    try {
      await env.PROBE.getByName("e").throwDOMException();
    } catch (e) {
      return describeError(e);
    }
  },
  async returnedError(env) {
    return describeError(await env.PROBE.getByName("e").returnError());
  },
  cloned() {
    return describeError(structuredClone(new AppError("cloned")));
  },
  async stored(env) {
    return env.PROBE.getByName("e").storeError();
  },
};

export class Probe extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.seen = [];
  }
  throwCustom() {
    throw new AppError("custom");
  }
  throwWithCause() {
    throw new Error("outer", { cause: new Error("inner") });
  }
  throwDOMException() {
    throw new DOMException("dom", "NotFoundError");
  }
  returnError() {
    return new AppError("returned");
  }
  async storeError() {
    await this.ctx.storage.put("e", new AppError("stored"));
    return describeError(await this.ctx.storage.get("e"));
  }
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname.endsWith("/connect")) {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      const initial = server.binaryType;
      if (url.searchParams.get("binaryType")) server.binaryType = url.searchParams.get("binaryType");
      server.addEventListener("message", (e) => {
        const d = e.data;
        server.send(
          JSON.stringify({
            initial,
            binaryType: server.binaryType,
            type: typeof d,
            ctor: d === null || d === undefined ? null : d.constructor.name,
          }),
        );
      });
      return new Response(null, { status: 101, webSocket: client });
    }
    if (url.pathname.endsWith("/echo-url")) return new Response(request.url);
    return serveObject(request, this, objectTests);
  }
}

// Globals and Web APIs that older compatibility dates lack or shape
// differently.
const webTests = {
  // durable_object_fetch_requires_full_url (2021-11-10)
  async relativeStubFetch(env) {
    const r = await env.PROBE.getByName("u").fetch("/x/echo-url");
    return { status: r.status, text: await r.text() };
  },
  // global_navigator (2022-03-21)
  navigator() {
    return typeof navigator === "undefined" ? "undefined" : { type: typeof navigator, userAgent: navigator.userAgent };
  },
  // http_headers_getsetcookie (2023-03-01)
  setCookie() {
    const h = new Headers([["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"], ["X", "y"]]);
    return { getSetCookie: typeof h.getSetCookie, entries: [...h.entries()] };
  },
  // upper_case_all_http_methods (2024-10-14)
  methodCase() {
    const m = (method) => {
      try {
        return new Request("http://example.com/", { method }).method;
      } catch (e) {
        return errInfo(e);
      }
    };
    const out = {};
    for (const method of ["get", "Get", "PATCH", "patch", "PURGE", "purge", "propfind", "FOO", "foo", "CONNECT"]) out[method] = m(method);
    return out;
  },
  // set_tostring_tag (2024-09-26)
  toStringTags(env) {
    const tag = (v) => Object.prototype.toString.call(v);
    return {
      headers: tag(new Headers()),
      request: tag(new Request("http://example.com/")),
      response: tag(new Response("")),
      encoder: tag(new TextEncoder()),
      url: tag(new URL("http://example.com/")),
      event: tag(new Event("x")),
      abortController: tag(new AbortController()),
      decoder: tag(new TextDecoder()),
      searchParams: tag(new URLSearchParams()),
      blob: tag(new Blob([])),
      signal: tag(new AbortController().signal),
      socket: tag(new WebSocketPair()[0]),
      pair: tag(new WebSocketPair()),
      customEvent: tag(new CustomEvent("x")),
      eventTarget: tag(new EventTarget()),
      namespace: tag(env.PROBE),
      id: tag(env.PROBE.idFromName("x")),
      stub: tag(env.PROBE.getByName("x")),
    };
  },
  // fetcher_no_get_put_delete (2024-03-26): before it, and before RPC, a
  // stub had get(), put() and delete().
  async stubGetPutDelete(env) {
    const s = env.PROBE.getByName("g");
    return { get: typeof s.get, put: typeof s.put, delete: typeof s.delete };
  },
  // enable_weak_ref (2025-05-05)
  weakRefs() {
    if (typeof WeakRef === "undefined") return { weakRef: "undefined", finalizationRegistry: typeof FinalizationRegistry };
    const o = {};
    const fr = new FinalizationRegistry(() => {});
    const t = (f) => {
      try {
        return f();
      } catch (e) {
        return errInfo(e);
      }
    };
    return {
      deref: new WeakRef(o).deref() === o,
      symbolTarget: typeof new WeakRef(Symbol("s")),
      primitiveTarget: t(() => new WeakRef(1)),
      withoutNew: t(() => WeakRef(o)),
      register: t(() => fr.register(o, 1, o)),
      sameHoldings: t(() => fr.register(o, o)),
      primitiveToken: t(() => fr.register(o, 1, 2)),
      unregister: t(() => fr.unregister(o)),
      unregisterAgain: t(() => fr.unregister(o)),
      noCleanup: t(() => new FinalizationRegistry(1)),
      tags: [Object.prototype.toString.call(new WeakRef(o)), Object.prototype.toString.call(fr)],
      members: [Object.getOwnPropertyNames(WeakRef.prototype).sort(), Object.getOwnPropertyNames(FinalizationRegistry.prototype).sort()],
    };
  },
  // enable_navigator_language (2025-05-19)
  navigatorLanguage() {
    return { language: navigator.language ?? null, languages: navigator.languages ?? null, userAgent: navigator.userAgent };
  },
  // disallow_importable_env (a flag without a date)
  importedEnv() {
    return { type: typeof importedEnv, keys: Object.keys(importedEnv), hasBinding: typeof importedEnv.PROBE };
  },
  // set_event_target_this (2025-08-01)
  eventTargetThis() {
    const t = new EventTarget();
    let self;
    t.addEventListener("x", function () {
      self = this;
    });
    t.dispatchEvent(new Event("x"));
    return { isTarget: self === t, isUndefined: self === undefined, isGlobal: self === globalThis };
  },
};

export default { fetch: workerFetch({ codegen: () => ({ atStartup, inEvent: codegen() }), ...errorTests, ...webTests }) };
