import { cleanObject } from './clean.js';
import { isRecord, type Json } from './json.js';
import { toYaml } from './yaml.js';

/** An object as diff compares it: no server bookkeeping that changes on every write. */
export function comparable(object: Json | undefined): string {
  if (object === undefined) return '';
  const copy = cleanObject(object);
  delete copy.status;
  if (isRecord(copy.metadata)) {
    const metadata = { ...copy.metadata };
    for (const key of ['resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink']) delete metadata[key];
    copy.metadata = metadata;
  }
  return toYaml(copy);
}

/** A unified diff of two YAML texts; empty when they are equal. */
export async function unifiedDiff(label: string, before: string, after: string): Promise<string> {
  if (before === after) return '';
  // Loaded on use: only diff needs it.
  const { createTwoFilesPatch } = await import('diff');
  return createTwoFilesPatch(`live/${label}`, `applied/${label}`, before, after, '', '', { context: 3 })
    .split('\n')
    .slice(1)
    .join('\n');
}
