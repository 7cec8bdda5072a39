import * as z from 'zod';
import type { CatalogReader } from '../session/database.js';

/** The outcome of one health check. */
export interface Finding {
  check: string;
  status: 'ok' | 'warning' | 'critical' | 'unavailable';
  summary: string;
  details?: Record<string, unknown>[];
}

/** One health check: its name and how it reads and judges the database. */
export interface HealthCheck {
  name: string;
  run(reader: CatalogReader): Promise<Omit<Finding, 'check'>>;
}

/** Rows of a check are passed on as they come. */
export const loose = z.record(z.string(), z.unknown());

/** A number from a value that may be a number, a numeric string or null. */
export const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0));
