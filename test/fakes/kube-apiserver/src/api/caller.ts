/** Who is writing and how: the query parameters and identity every write carries. */
export interface Caller {
  /** The field manager (fieldManager=, or derived from the user agent). */
  manager: string;
  /** dryRun=All: run every step, persist nothing. */
  dryRun: boolean;
  /** Controllers write as the system and skip user-facing immutability rules. */
  internal: boolean;
  /** fieldValidation=Strict|Warn|Ignore for unknown fields. */
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  /** force=true for server-side apply. */
  force: boolean;
  /** Warnings collected for the Warning response header. */
  warnings: string[];
}

/** A caller for in-process controllers and seeding. */
export function systemCaller(manager: string): Caller {
  return { manager, dryRun: false, internal: true, fieldValidation: 'Ignore', force: true, warnings: [] };
}
