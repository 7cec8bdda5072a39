import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@infra-mcp/source'] },
  ssr: { resolve: { conditions: ['@infra-mcp/source'] } },
  test: { include: ['test/**/*.test.ts', 'src/**/*.test.ts'] },
});
