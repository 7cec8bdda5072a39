// Prints the tool descriptor tables (src/descriptor-table.ts) as one JSON
// object by file, for build.mjs to write beside the bundle.
import { computeDescriptorTables } from '../src/descriptor-table.js';

process.stdout.write(JSON.stringify(await computeDescriptorTables()));
