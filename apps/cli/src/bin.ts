import { fileURLToPath } from 'node:url';
import { main } from './main.js';

main(process.argv.slice(2), process.env, fileURLToPath(import.meta.url)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `infra-mcp: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
