import path from "node:path";
import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";

const testsDir = import.meta.dirname;

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: path.join(testsDir, "wrangler.jsonc") } })],
  test: { include: [path.join(testsDir, "**/*.test.ts")] },
});
