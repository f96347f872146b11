import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    // The real USE-lite model and hnswlib run in some tests; give them room on 2-core machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
