import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'edge-server/src/**/*.test.ts',
      'kiosk-app/src/**/*.test.{ts,tsx}',
      'counter-app/src/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Chromium-driven tests are heavy on a 2-core machine: keep the number of parallel files small.
    maxWorkers: 2,
    allowOnly: !process.env.CI,
  },
});
