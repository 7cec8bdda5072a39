/** A JSON object as the API serves it. */
export type Json = Record<string, unknown>;

/** Whether a value is a JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path (`status.conditions.0.type`), or undefined. */
export function getPath(value: unknown, path: string | readonly string[]): unknown {
  const parts = typeof path === 'string' ? path.split('.').filter(Boolean) : path;
  let current = value;
  for (const part of parts) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isRecord(current)) current = current[part];
    else return undefined;
  }
  return current;
}

/** The value as a record, or an empty one. */
export function recordAt(value: unknown, path: string): Json {
  const found = getPath(value, path);
  return isRecord(found) ? found : {};
}

/** The value as an array of records, or an empty one. */
export function recordsAt(value: unknown, path: string): Json[] {
  const found = getPath(value, path);
  return Array.isArray(found) ? found.filter(isRecord) : [];
}

/** The value as a string, or `fallback`. */
export function stringAt(value: unknown, path: string, fallback = ''): string {
  const found = getPath(value, path);
  return typeof found === 'string' ? found : typeof found === 'number' ? String(found) : fallback;
}

/** The value as a number, or `fallback`. */
export function numberAt(value: unknown, path: string, fallback = 0): number {
  const found = getPath(value, path);
  return typeof found === 'number' ? found : fallback;
}
