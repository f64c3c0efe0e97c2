import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'docs/test/**/*.test.ts',
      'faults/test/**/*.test.ts',
    ],
    // Stops the run with one line per server the chosen backends need that does not answer.
    globalSetup: ['packages/test-servers/src/global-setup.ts'],
    testTimeout: 30_000,
    // Hooks create and drop databases on real servers (DROP DATABASE waits for the disk), which on a
    // busy machine takes longer than a test's own work.
    hookTimeout: 120_000,
    // CLI tests spawn real processes; two cores on the reference machine.
    maxWorkers: 2,
  },
});
