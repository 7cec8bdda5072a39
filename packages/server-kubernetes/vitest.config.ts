import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@infra-mcp/source'] },
  ssr: { resolve: { conditions: ['@infra-mcp/source'] } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Each suite starts a fake API server over HTTPS; a busy shared machine needs room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
