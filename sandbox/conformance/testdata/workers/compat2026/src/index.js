import { DurableObject } from "cloudflare:workers";
import { members, serveObject, storageTests, workerFetch } from "../../_harness/harness.js";

const tests = {
  ...storageTests,
  ctxMembers(self) {
    return members(self.ctx);
  },
  hasExports(self) {
    return typeof self.ctx.exports;
  },
  async deleteAllWithAlarm(self) {
    const st = self.ctx.storage;
    await st.setAlarm(Date.now() + 3600000);
    await st.put("k", 1);
    await st.deleteAll();
    return {
      alarm: typeof (await st.getAlarm()),
      master: st.sql.exec("SELECT name FROM sqlite_master ORDER BY name").toArray(),
    };
  },
};

export class Store extends DurableObject {
  fetch(request) {
    return serveObject(request, this, tests);
  }
  alarm() {}
}

export default { fetch: workerFetch({}) };
