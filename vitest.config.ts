import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    environment: "node",
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: {
      NODE_ENV: "test",
      INTAKE_DATA_DIR: mkdtempSync(path.join(tmpdir(), "intake-test-data-")),
      NEXTAUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
      INTAKE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      INTAKE_LOG_LEVEL: "warn",
    },
  },
});
