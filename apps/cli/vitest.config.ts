import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@infra-mcp/source'] },
  ssr: { resolve: { conditions: ['@infra-mcp/source'] } },
  // Tests import every server from source; on a busy machine the first import alone can take seconds.
  test: { include: ['test/**/*.test.ts', 'src/**/*.test.ts'], testTimeout: 30_000 },
});
