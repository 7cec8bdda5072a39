import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@infra-mcp/source'] },
  ssr: { resolve: { conditions: ['@infra-mcp/source'] } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Tests talk to the real PostgreSQL and start PGlite (seconds on a busy machine); never assert timings.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
