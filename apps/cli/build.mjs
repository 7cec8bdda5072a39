// Bundles the CLI and every workspace package it loads, straight from their
// TypeScript sources, into dist/. Each server lands in its own chunk, so a
// stdio run loads only the server it serves. Packages with native addons or
// files they read from their own directory stay external.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The SDK's Node shims pull in AJV; src/sdk-shims.ts supplies the same exports without it. */
const sdkShims = {
  name: 'sdk-shims',
  setup(build) {
    const shims = fileURLToPath(new URL('./src/sdk-shims.ts', import.meta.url));
    build.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({ path: shims }));
  },
};

const external = [
  'better-sqlite3',
  'better-sqlite3-napi9',
  'pg-native',
  '@electric-sql/pglite',
  'libpg-query',
  'cpu-features',
  'ssh2',
];

const shared = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['@infra-mcp/source'],
  external,
  outExtension: { '.js': '.mjs' },
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  plugins: [sdkShims],
};
const requireBanner =
  "import { createRequire as __infraCreateRequire } from 'node:module'; const require = __infraCreateRequire(import.meta.url);";

await rm(new URL('./dist', import.meta.url), { recursive: true, force: true });
await build({
  ...shared,
  entryPoints: { 'infra-mcp': 'src/bin.ts' },
  outdir: 'dist',
  sourcemap: 'linked',
  // Whitespace and syntax only: identifiers keep their names, so stack traces
  // and error names read as in the source without esbuild's keepNames, which
  // wraps every function in a naming call each time it is created. Measured
  // with callgrind (instructions, not time): 3% fewer per tool call and at
  // start than minify + keepNames, for 2.5 MB more JavaScript on disk.
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: `#!/usr/bin/env node\n${requireBanner}` },
});
await chmod(new URL('./dist/infra-mcp.mjs', import.meta.url), 0o755);

// Each server again as one CommonJS file for `infra-mcp <server>` over stdio,
// named by its content hash: src/code-cache.ts compiles it with V8's code
// cache, which Node 20 offers only for scripts. import.meta becomes an object
// the loader passes in (its url and resolve). A script from the code cache
// cannot run import() on Node 20 (the callback is lost), so dynamic imports
// of external packages become require calls, and the build checks none is left.
//
// A vendor module (below) and the package behind it go to a file of their own,
// dist/stdio/vendor/<name>.<hash>.cjs, which the loader compiles (with the
// code cache too) when a bundle first requires it: a start then neither reads
// nor compiles a package that only some calls use.
const vendors = {
  'client-node': {
    module: fileURLToPath(new URL('../../packages/server-kubernetes/src/client/client-node.ts', import.meta.url)),
    package: '@kubernetes/client-node',
  },
};
const vendorPrefix = 'infra-mcp-vendor:';
const vendorBoundary = {
  name: 'vendor-boundary',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolvePath(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      const name = Object.keys(vendors).find((vendor) => vendors[vendor].module === target);
      return name === undefined || args.importer === target
        ? undefined
        : { path: `${vendorPrefix}${name}`, external: true };
    });
  },
};
const stdioShared = {
  ...shared,
  splitting: false,
  format: 'cjs',
  entryNames: '[name].[hash]',
  outExtension: { '.js': '.cjs' },
  sourcemap: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
  define: { 'import.meta': '__infraImportMeta' },
  supported: { 'dynamic-import': false },
  metafile: true,
};
const stdioEntries = (await readdir(new URL('./src/stdio/', import.meta.url)))
  .filter((name) => name.endsWith('.ts') && name !== 'entry.ts')
  .map((name) => name.slice(0, -'.ts'.length));
const stdioBuilds = [
  await build({
    ...stdioShared,
    plugins: [...shared.plugins, vendorBoundary],
    entryPoints: Object.fromEntries(stdioEntries.map((name) => [name, `src/stdio/${name}.ts`])),
    outdir: 'dist/stdio',
  }),
  await build({
    ...stdioShared,
    entryPoints: Object.fromEntries(Object.entries(vendors).map(([name, vendor]) => [name, vendor.module])),
    outdir: 'dist/stdio/vendor',
  }),
];
for (const { metafile } of stdioBuilds)
  for (const [file, output] of Object.entries(metafile.outputs)) {
    const left = output.imports.filter((entry) => entry.kind === 'dynamic-import').map((entry) => entry.path);
    if (left.length > 0) throw new Error(`${file} still imports ${left.join(', ')} dynamically`);
  }
// A vendor's package reached around its module would be compiled at every start again.
for (const [file, output] of Object.entries(stdioBuilds[0].metafile.outputs))
  for (const vendor of Object.values(vendors)) {
    const around = Object.keys(output.inputs).find((input) => input.includes(`node_modules/${vendor.package}/`));
    if (around !== undefined) throw new Error(`${file} bundles ${vendor.package} around its vendor module (${around})`);
  }

// Every tool's wire descriptor, computed here once rather than by each fresh
// server at start (scripts/tool-descriptors.ts). The generator is bundled the
// same way, inside this package so that its externals resolve, and removed.
const generator = new URL('./.tool-descriptors/', import.meta.url);
try {
  await build({
    ...shared,
    entryPoints: { 'tool-descriptors': 'scripts/tool-descriptors.ts' },
    outdir: fileURLToPath(generator),
    banner: { js: requireBanner },
  });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [fileURLToPath(new URL('./tool-descriptors.mjs', generator))],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const tables = Object.entries(JSON.parse(stdout));
  if (tables.length === 0) throw new Error('the tool descriptor generator described no tools');
  await mkdir(new URL('./dist/descriptors/', import.meta.url));
  for (const [file, table] of tables)
    await writeFile(new URL(`./dist/${file}`, import.meta.url), JSON.stringify(table));
} finally {
  await rm(generator, { recursive: true, force: true });
}
