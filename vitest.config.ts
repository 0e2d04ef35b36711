/**
 * Unit and integration tests (Node): the core, the shared contract, the glue under a mocked
 * electron module, the CLI as child processes, renderer stores without a DOM. Playwright runs
 * the end-to-end specs in e2e/ separately.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{main,shared,renderer,scripts,bench}/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**', 'e2e/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    coverage: {
      provider: 'v8',
      include: ['main/core/**/*.ts', 'shared/**/*.ts'],
      exclude: ['**/*.test.ts', '**/test-support/**', '**/index.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      thresholds: { lines: 90 },
      reportOnFailure: true,
    },
  },
});
