import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";

const configPath = "./wrangler.vitest.toml";

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath } })],
});
