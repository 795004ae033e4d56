import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import tsconfig from './tsconfig.base.json' with { type: 'json' };

// Resolve @authwatch/* from tsconfig paths so tests run against sources.
const alias = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [name, fileURLToPath(new URL(`./${target}`, import.meta.url))]),
);

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'tools/**/*.spec.ts', 'grafana/**/*.spec.ts'],
          exclude: ['**/*.int.spec.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['libs/**/*.int.spec.ts', 'apps/**/*.int.spec.ts', 'test/**/*.int.spec.ts', 'grafana/**/*.int.spec.ts'],
          environment: 'node',
          // Real broker and chDB: each chDB data directory belongs to one process, so files run in forks.
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ['libs/testing/src/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
