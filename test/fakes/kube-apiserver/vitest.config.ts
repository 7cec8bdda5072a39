import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@infra-mcp/source'] },
  ssr: { resolve: { conditions: ['@infra-mcp/source'] } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Every test drives real kubectl processes against a live server; the machine's two cores are shared.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
