import * as z from 'zod';

/** How a result says it was cut, and what to pass to get the rest. Every tool output may carry it. */
export const truncationSchema = z.object({
  notice: z.string().describe('What was left out and why'),
  next: z.record(z.string(), z.unknown()).optional().describe('Arguments to pass to continue where this left off'),
});

/** A truncation notice. */
export type Truncation = z.infer<typeof truncationSchema>;

/** Builds a truncation notice; `next` holds the arguments that continue the listing. */
export function truncated(notice: string, next?: Record<string, unknown>): Truncation {
  return next === undefined ? { notice } : { notice, next };
}
