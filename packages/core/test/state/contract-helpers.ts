import { expect } from 'vitest';
import { ToolError } from '../../src/errors.js';
import type { AuditInput, HistoryInput } from '../../src/state/store.js';

/** The namespace and owner most contract tests use. */
export const mine = { namespace: 'kubernetes', owner: 'alice' };

/** Asserts `promise` rejects with a ToolError of `code` whose message matches. */
export const rejectsWith = async (promise: Promise<unknown>, code: string, message: RegExp): Promise<void> => {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).code).toBe(code);
  expect((error as ToolError).message).toMatch(message);
};

/** A history entry, with `overrides`. */
export const historyEntry = (overrides: Partial<HistoryInput> = {}): HistoryInput => ({
  server: 'kubernetes',
  tool: 'scale_deployment',
  principal: 'alice',
  requestId: 'req-1',
  args: { namespace: 'shop', name: 'web', replicas: 3 },
  outcome: 'ok',
  summary: 'scaled deployment shop/web to 3 replicas',
  ...overrides,
});

/** An audit record, with `overrides`. */
export const auditRecord = (overrides: Partial<AuditInput> = {}): AuditInput => ({
  at: new Date(),
  requestId: 'req-1',
  principal: 'alice',
  server: 'kubernetes',
  tool: 'list_pods',
  args: { namespace: 'shop' },
  outcome: 'ok',
  durationMs: 12.5,
  ...overrides,
});

/** Every page of a paged list, following cursors to the end. */
export async function allPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>) {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return pages;
}

/** The behaviour every state store backend must show; run against each backend. */
