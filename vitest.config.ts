import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Starts PostgreSQL when the suite runs on it (NEWSBRIEF_TEST_STORE=postgres).
    globalSetup: ['tests/support/global-setup.ts'],
    // Generous: CLI suites spawn processes, and a busy 2-core machine slows them several times over.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end suites bind loopback ports and spawn the CLI; two workers fit a 2-core machine.
    maxWorkers: 2,
  },
});
