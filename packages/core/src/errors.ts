import type { CallToolResult } from '@modelcontextprotocol/server';

/** The error codes a tool can report; each maps to one kind of correction for the model. */
export const errorCodes = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
] as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];

/** Options carried by a {@link ToolError}. */
export interface ToolErrorOptions {
  /** What the model should do next, e.g. `list_directory path=/srv`. */
  hint?: string;
  /** Machine-readable detail safe to show the model (never secrets). */
  details?: Record<string, unknown>;
  /** The underlying error; logged, never shown to the model. */
  cause?: unknown;
}

/** The one error type tools throw; core maps it to an `isError` result in one place. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** Metadata key under which an error result carries its code for programmatic clients. */
export const ERROR_META_KEY = 'dev.infra-mcp/error';

/** Renders a {@link ToolError} as the `isError` result the model reads. */
export function toolErrorResult(error: ToolError): CallToolResult {
  const lines = [`${error.code}: ${error.message}`];
  if (error.hint !== undefined) lines.push(`Hint: ${error.hint}`);
  return {
    isError: true,
    content: [{ type: 'text', text: lines.join('\n') }],
    _meta: {
      [ERROR_META_KEY]: {
        code: error.code,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    },
  };
}

/**
 * Converts anything thrown into a {@link ToolError}. Unknown errors become a
 * generic `INTERNAL` error: raw upstream messages never reach the model.
 */
export function asToolError(error: unknown): ToolError {
  if (error instanceof ToolError) return error;
  if (isAbortError(error)) return new ToolError('TIMEOUT', 'The call was cancelled or timed out before it finished.');
  return new ToolError('INTERNAL', 'The tool failed unexpectedly; the server log has the details.', { cause: error });
}

/** Whether `error` is an abort (cancellation or timeout) raised by an AbortSignal. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
