import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1+ keeps compiled code of the bundle between runs (in its own cache
// dir, `NODE_COMPILE_CACHE` or the OS temp dir), so a stdio server started per
// conversation skips most of its parse and compile work. Older Node: no-op.
// It must run before the rest of the command loads, hence the dynamic import.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { main } = await import('./main.js');

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
