import { defineConfig } from "vitest/config";

// Tests run under Bun (`bun --bun vitest run --pool=threads`): the default forks pool does not
// work under Bun. Integration suites start real servers, so timeouts are generous.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "threads",
  },
});
