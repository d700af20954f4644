import path from "node:path";
import { defineWorkersProject } from "@cloudflare/vitest-pool-workers/config";

export default [
  defineWorkersProject({
    test: {
      name: "unit",
      poolOptions: { workers: { wrangler: { configPath: path.join(__dirname, "test", "wrangler.jsonc") } } },
    },
  }),
];
