import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@infra-mcp/source'] },
  ssr: { resolve: { conditions: ['@infra-mcp/source'] } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // CI runs every package's suite at once on two shared cores: RSA key generation, SQLite
    // files and loopback servers can take seconds there. Timeouts catch hangs; nothing asserts time.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
