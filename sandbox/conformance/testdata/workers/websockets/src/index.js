import { DurableObject } from "cloudflare:workers";
import { dec, enc, errInfo, serveObject, workerFetch } from "../../_harness/harness.js";

function attempt(fn) {
  try {
    return { value: enc(fn()) };
  } catch (e) {
    return { error: errInfo(e) };
  }
}

const tests = {
  // GET with Upgrade: accepts the server end with ?tags=a,b and an optional
  // ?attach=<json> attachment, or with ?plain=1 through ws.accept().
  connect(self, a, request) {
    const q = new URL(request.url).searchParams;
    const [client, server] = Object.values(new WebSocketPair());
    if (q.get("plain")) {
      server.accept();
      server.addEventListener("message", (e) => server.send("plain:" + e.data));
      server.addEventListener("close", (e) => {
        self.plainClose = { code: e.code, reason: e.reason, wasClean: e.wasClean };
      });
    } else {
      const tags = q.get("tags") ? q.get("tags").split(",") : undefined;
      self.ctx.acceptWebSocket(server, tags);
      if (q.get("attach")) server.serializeAttachment(dec(JSON.parse(q.get("attach"))));
    }
    return new Response(null, { status: 101, webSocket: client });
  },

  sockets(self, a) {
    const list = a.tag === undefined ? self.ctx.getWebSockets() : self.ctx.getWebSockets(a.tag);
    return list.map((ws) => ({
      tags: self.ctx.getTags(ws),
      readyState: ws.readyState,
      attachment: ws.deserializeAttachment(),
    }));
  },

  setMemory(self, a) {
    self.memory = a.value;
    return self.memory;
  },

  memory(self) {
    return self.memory ?? null;
  },

  closes(self) {
    return self.ctx.storage.get("closes");
  },

  lateAttach(self) {
    return self.ctx.storage.get("lateAttach");
  },

  plainClose(self) {
    return self.plainClose ?? null;
  },

  // Tag and acceptWebSocket errors on fresh pairs that are never returned.
  acceptErrors(self) {
    const pair = () => Object.values(new WebSocketPair())[1];
    const out = {};
    const elevenTags = Array.from({ length: 11 }, (_, i) => "t" + i);
    out.elevenTags = attempt(() => self.ctx.acceptWebSocket(pair(), elevenTags));
    out.tenTags = attempt(() => self.ctx.acceptWebSocket(pair(), elevenTags.slice(0, 10)));
    out.longTag = attempt(() => self.ctx.acceptWebSocket(pair(), ["x".repeat(257)]));
    out.tag256 = attempt(() => self.ctx.acceptWebSocket(pair(), ["y".repeat(256)]));
    out.multibyteTag = attempt(() => self.ctx.acceptWebSocket(pair(), ["\u00e9".repeat(129)]));
    const dup = pair();
    out.duplicateTags = attempt(() => {
      self.ctx.acceptWebSocket(dup, ["d", "d", ""]);
      return self.ctx.getTags(dup);
    });
    out.acceptTwice = attempt(() => self.ctx.acceptWebSocket(dup));
    const plain = pair();
    plain.accept();
    out.afterPlainAccept = attempt(() => self.ctx.acceptWebSocket(plain));
    out.tagsOfPlain = attempt(() => self.ctx.getTags(plain));
    out.plainAcceptAfterHibernatable = attempt(() => dup.accept());
    const notAccepted = pair();
    out.sendBeforeAccept = attempt(() => notAccepted.send("x"));
    out.noTagsReturn = attempt(() => {
      const p = pair();
      return [self.ctx.acceptWebSocket(p), self.ctx.getTags(p), p.readyState];
    });
    out.count = self.ctx.getWebSockets().length;
    return out;
  },

  attachments(self) {
    const ws = Object.values(new WebSocketPair())[1];
    self.ctx.acceptWebSocket(ws);
    const out = { initial: attempt(() => ws.deserializeAttachment()) };
    out.date = attempt(() => {
      ws.serializeAttachment({ when: new Date(5), m: new Map([[1, 2]]) });
      return ws.deserializeAttachment();
    });
    out.max = attempt(() => {
      ws.serializeAttachment("x".repeat(16379));
      return ws.deserializeAttachment().length;
    });
    out.overByOne = attempt(() => ws.serializeAttachment("x".repeat(16380)));
    out.keptAfterFailure = attempt(() => ws.deserializeAttachment().length);
    out.chars16384 = attempt(() => ws.serializeAttachment("x".repeat(16384)));
    out.oneMiB = attempt(() => ws.serializeAttachment("x".repeat(1 << 20)));
    out.fn = attempt(() => ws.serializeAttachment({ f: () => 1 }));
    out.nullValue = attempt(() => {
      ws.serializeAttachment(null);
      return ws.deserializeAttachment();
    });
    out.undefinedValue = attempt(() => {
      ws.serializeAttachment(undefined);
      return ws.deserializeAttachment();
    });
    return out;
  },

  setAutoResponse(self, a) {
    self.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(a.request, a.response));
    const r = self.ctx.getWebSocketAutoResponse();
    return { request: r.request, response: r.response };
  },

  clearAutoResponse(self) {
    self.ctx.setWebSocketAutoResponse();
    return self.ctx.getWebSocketAutoResponse();
  },

  autoResponseTooLarge(self) {
    return {
      request: attempt(() => self.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("x".repeat(2049), "y"))),
      response: attempt(() => self.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("x", "y".repeat(2049)))),
      atLimit: attempt(() => self.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("x".repeat(2048), "y"))),
    };
  },

  autoResponseTimestamps(self) {
    return self.ctx.getWebSockets().map((ws) => {
      const t = self.ctx.getWebSocketAutoResponseTimestamp(ws);
      return t === null ? null : t instanceof Date;
    });
  },

  broadcast(self, a) {
    let n = 0;
    for (const ws of self.ctx.getWebSockets(a.tag)) {
      ws.send(a.text);
      n++;
    }
    return n;
  },

  closeReason(self) {
    const ws = Object.values(new WebSocketPair())[1];
    self.ctx.acceptWebSocket(ws);
    return {
      long: attempt(() => ws.close(4000, "x".repeat(124))),
      limit: attempt(() => ws.close(4000, "y".repeat(123))),
    };
  },

  closeCodes(self) {
    const ws = Object.values(new WebSocketPair())[1];
    self.ctx.acceptWebSocket(ws);
    const out = {};
    for (const code of [999, 1004, 1005, 1006, 1015, 5000]) out[code] = attempt(() => ws.close(code, "r"));
    return out;
  },
};

export class Room extends DurableObject {
  fetch(request) {
    return serveObject(request, this, tests);
  }

  async webSocketMessage(ws, msg) {
    if (typeof msg !== "string") {
      ws.send(JSON.stringify({ isArrayBuffer: msg instanceof ArrayBuffer, bytes: [...new Uint8Array(msg)] }));
      return;
    }
    const [cmd, ...rest] = msg.split(":");
    const arg = rest.join(":");
    switch (cmd) {
      case "echo":
        ws.send("echo:" + arg);
        break;
      case "info":
        ws.send(
          JSON.stringify({
            tags: this.ctx.getTags(ws),
            attachment: enc(ws.deserializeAttachment()),
            memory: this.memory ?? null,
            sockets: this.ctx.getWebSockets().length,
            readyState: ws.readyState,
          }),
        );
        break;
      case "broadcast":
        for (const other of this.ctx.getWebSockets()) if (other !== ws) other.send("from-peer:" + arg);
        ws.send("sent");
        break;
      case "remember":
        this.memory = arg;
        ws.send("remembered");
        break;
      case "attach":
        try {
          ws.serializeAttachment(JSON.parse(arg));
          ws.send("attached");
        } catch (e) {
          ws.send(JSON.stringify(errInfo(e)));
        }
        break;
      case "close":
        ws.close(4001, "server bye");
        break;
      case "binary":
        ws.send(new Uint8Array([7, 8, 9]));
        break;
      case "attach-after-close":
        ws.close(1000, "done");
        try {
          ws.serializeAttachment({ late: true });
          ws.send("no error");
        } catch (e) {
          await this.ctx.storage.put("lateAttach", errInfo(e));
        }
        break;
      default:
        ws.send("unknown:" + msg);
    }
  }

  async webSocketClose(ws, code, reason, wasClean) {
    const closes = (await this.ctx.storage.get("closes")) || [];
    closes.push({ code, reason, wasClean, readyState: ws.readyState });
    await this.ctx.storage.put("closes", closes);
  }

  async webSocketError(ws, error) {
    await this.ctx.storage.put("lastError", String(error));
  }
}

export default { fetch: workerFetch({}) };
