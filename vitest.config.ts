import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: '@odcs/compose/testing', replacement: src('./libs/compose/src/testing/index.ts') },
      ...['config', 'compose', 'pungi', 'koji', 'modules', 'messaging', 'engine', 'auth', 'observability'].map((lib) => ({
        find: `@odcs/${lib}`,
        replacement: src(`./libs/${lib}/src/index.ts`),
      })),
      { find: '@odcs/frontend', replacement: src('./apps/frontend/src/index.ts') },
      { find: '@odcs/backend', replacement: src('./apps/backend/src/index.ts') },
    ],
  },
  test: {
    include: ['apps/*/src/**/*.spec.ts', 'libs/*/src/**/*.spec.ts', 'test/**/*.{int-spec,e2e-spec}.ts'],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
  },
  plugins: [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2023' } })],
});
