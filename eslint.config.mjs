import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/**
 * Next's rules (React, hooks, a11y, Core Web Vitals), typescript-eslint's, and
 * import/no-cycle: a cycle between modules is a design smell the folder check
 * (tests/check-folder-cycles.ts) cannot see inside one folder.
 */
export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    // The processes, CLIs, benchmarks, the Rapid7 simulator and the tests are plain Node: no React, so a
    // `use…` name there (lib/db.ts's useDatabaseUrl, Playwright fixtures' `use`) is not a hook.
    files: ["bin/**", "bench/**", "simulator/**", "tests/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // The log-type fuzz and negative tests build deliberately ill-typed records and read arbitrary
    // paths out of normalized output; `any` is the honest type there.
    files: ["tests/logtypes/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  globalIgnores([
    ".next/**",
    ".worker-build/**",
    "lib/generated/**",
    "node_modules/**",
    ".test-results/**",
    ".data/**",
    "bench/results/**",
    "next-env.d.ts",
  ]),
]);
