import { databaseModule } from '@infra-mcp/server-database/module';
import { stdioEntry } from './entry.js';

/** The entry of dist/stdio/database.*.cjs (build.mjs), which bin.ts loads through the code cache. */
export const run = stdioEntry('database', databaseModule);
