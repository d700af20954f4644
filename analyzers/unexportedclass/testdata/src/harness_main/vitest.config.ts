import { defineWorkersConfig } from "@cloudflare/vitest-pool-workers/config";

export default defineWorkersConfig({
  test: {
    poolOptions: {
      workers: {
        main: "./test/entry.ts",
        wrangler: { configPath: "./wrangler.test.jsonc" },
      },
    },
  },
});
