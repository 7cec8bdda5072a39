import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadStdioBundle } from './code-cache.js';

// Node 22.1+ keeps compiled code of the ES module bundle between runs (in its
// own cache dir, `NODE_COMPILE_CACHE` or the OS temp dir). Older Node: no-op.
// It must run before the rest of the command loads, hence the dynamic import.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const argv = process.argv.slice(2);
const env = process.env;
const cliPath = fileURLToPath(import.meta.url);
// `infra-mcp <server>` runs from the server's own stdio bundle, compiled with
// a code cache on every Node (code-cache.ts); everything else, and a build
// without those bundles, runs from the ES modules.
const exitCode = (async () => {
  const stdio = loadStdioBundle(argv[0], cliPath, env);
  if (stdio === undefined) return (await import('./main.js')).main(argv, env, cliPath);
  process.once('exit', stdio.saveCache);
  return stdio.run(argv.slice(1), { env, cliPath, codeCache: stdio.report });
})();

exitCode.then(
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
