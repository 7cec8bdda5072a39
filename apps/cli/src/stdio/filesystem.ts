import { filesystemModule } from '@infra-mcp/server-filesystem/module';
import { stdioEntry } from './entry.js';

/** The entry of dist/stdio/filesystem.*.cjs (build.mjs), which bin.ts loads through the code cache. */
export const run = stdioEntry('filesystem', filesystemModule);
