import { defineWorkersProject } from "@cloudflare/vitest-pool-workers/config";
import { fileURLToPath } from "node:url";

export default [
  defineWorkersProject({
    test: { poolOptions: { workers: { wrangler: { configPath: fileURLToPath(new URL("../wrangler.test.jsonc", import.meta.url)) } } } },
  }),
];
