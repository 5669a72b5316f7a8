import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/support/temp-root.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Timing is measured by `npm run bench`, never by tests; this only stops a hang.
    testTimeout: 60_000,
  },
});
