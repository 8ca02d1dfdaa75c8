import { defineConfig } from "vitest/config";

// One run covers every suite: plain unit tests in Node, and the D1-backed suites inside workerd.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: ["packages/*/src/**/*.unit.test.ts", "apps/*/src/**/*.unit.test.ts", "scripts/**/*.unit.test.ts"],
        },
      },
      "packages/domain/vitest.config.ts",
      "apps/workers/vitest.config.ts",
      "apps/api/vitest.config.ts",
    ],
  },
});
