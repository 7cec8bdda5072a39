// Runs the benchmarks named on the command line (default: all) and prints
// their Markdown tables; RESULTS.md records the figures of a run.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : available;
for (const name of chosen) {
  if (!available.includes(name)) {
    process.stderr.write(`bench: no benchmark ${name}; available: ${available.join(', ')}\n`);
    process.exit(2);
  }
  const module = (await import(`./${name}.bench.ts`)) as { run: () => Promise<string> };
  process.stdout.write(`## ${name}\n\n${await module.run()}\n\n`);
}
