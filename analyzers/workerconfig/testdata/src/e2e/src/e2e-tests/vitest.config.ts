import { defineConfig } from "vitest/config";

// The tests spawn `wrangler dev --config` on the config beside this file.
export default defineConfig({ test: { include: ["src/e2e-tests/**/*.test.ts"], testTimeout: 60_000 } });
