import { untrusted } from '@infra-mcp/core';
import * as z from 'zod';

/** A path argument: absolute, or relative to the first allowed directory. */
export const pathArg = z.string();

/**
 * A name read from the filesystem: an entry's name, a path found by a walk, a
 * link's target. Whoever can create a file chooses its name, so the model
 * reads names fenced as data, as it reads file contents.
 */
export const foundName = untrusted(z.string(), 'file names');

/** A positive line count or line number. */
export const lineCount = z.int().min(1).max(1e9);

/** A paging offset. */
export const offsetArg = z.int().min(0).max(1e9);

/** Bytes kept free in every result for its small fields and a truncation notice. */
export const resultReserve = 1024;

/** The content budget of a call: what is left of the output budget after the reserve. */
export function contentBudget(maxOutputBytes: number): number {
  return Math.max(256, maxOutputBytes - resultReserve);
}
