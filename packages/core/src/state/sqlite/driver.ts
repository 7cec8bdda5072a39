import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * better-sqlite3, in the build this Node can run. Version 13 is a Node-API 10
 * addon: it needs Node 22.14 or later and crashes Node 20 on load. Version 12
 * is a classic addon, and Node 24.19 and later abort the process when one of
 * its statements is garbage-collected (nodejs/node#65446). Node-API 10 marks
 * the line between the two; both versions have the same API.
 */
export const Database: typeof BetterSqlite3 =
  Number(process.versions.napi) >= 10
    ? (require('better-sqlite3') as typeof BetterSqlite3)
    : (require('better-sqlite3-napi9') as typeof BetterSqlite3);
