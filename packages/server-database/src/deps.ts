import type { Database } from './session/database.js';

/** What the database tools work with: the session layer over every configured connection. */
export interface DatabaseDeps {
  database: Database;
}
