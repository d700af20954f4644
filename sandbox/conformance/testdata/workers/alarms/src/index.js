import { DurableObject } from "cloudflare:workers";
import { serveObject, storageTests, workerFetch } from "../../_harness/harness.js";

// Alarm times are reported relative to the moment they were set so that
// results do not depend on the wall clock.
const tests = {
  ...storageTests,

  async setIn(self, a) {
    const base = Date.now();
    await self.ctx.storage.put("base", base);
    if (a.failures !== undefined) await self.ctx.storage.put("failures", a.failures);
    if (a.rearm !== undefined) await self.ctx.storage.put("rearm", a.rearm);
    if (a.replaceOnFailure) await self.ctx.storage.put("replaceOnFailure", true);
    const r = await self.ctx.storage.setAlarm(a.asDate ? new Date(base + a.ms) : base + a.ms);
    const got = await self.ctx.storage.getAlarm();
    return { returned: r, exact: got === base + a.ms };
  },

  async setRaw(self, a) {
    return self.ctx.storage.setAlarm(a.value);
  },

  async pending(self) {
    const got = await self.ctx.storage.getAlarm();
    return got === null ? null : typeof got;
  },

  async deleteAlarm(self) {
    return self.ctx.storage.deleteAlarm();
  },

  async runs(self) {
    return (await self.ctx.storage.get("runs")) || [];
  },
};

class Base extends DurableObject {
  fetch(request) {
    return serveObject(request, this, tests);
  }

  async alarm(info) {
    const st = this.ctx.storage;
    const runs = (await st.get("runs")) || [];
    const failures = (await st.get("failures")) || 0;
    runs.push({
      retryCount: info?.retryCount,
      isRetry: info?.isRetry,
      infoKeys: info ? Object.keys(info).sort() : null,
      getAlarmInside: await st.getAlarm(),
      late: Date.now() >= (await st.get("base")),
    });
    await st.put("runs", runs);
    const rearm = (await st.get("rearm")) || 0;
    if (rearm > 0) {
      await st.put("rearm", rearm - 1);
      await st.setAlarm(Date.now() + 200);
    }
    if (await st.get("replaceOnFailure")) {
      await st.delete("replaceOnFailure");
      await st.setAlarm(Date.now() + 300);
      throw new Error("failing after setting a new alarm");
    }
    if (runs.length <= failures) throw new Error("alarm failure " + runs.length);
  }
}

export class Alarmed extends Base {}
export class KvAlarmed extends Base {}

export class NoAlarm extends DurableObject {
  fetch(request) {
    return serveObject(request, this, tests);
  }
}

export default { fetch: workerFetch({}) };
