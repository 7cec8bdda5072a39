import { ToolError, type ErrorCode } from '@infra-mcp/core';
import * as z from 'zod';

const statusSchema = z.object({
  kind: z.literal('Status'),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
  details: z
    .object({
      causes: z.array(z.object({ field: z.string().optional(), message: z.string().optional() })).optional(),
      retryAfterSeconds: z.number().optional(),
    })
    .optional(),
});

/** A Kubernetes `Status` as it arrived with an error response. */
export type KubeStatus = z.infer<typeof statusSchema>;

/** Reads a Status from an error body, if it is one. */
export function parseStatus(body: unknown): KubeStatus | undefined {
  const parsed = statusSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

const hints: Partial<Record<ErrorCode, string>> = {
  NOT_FOUND: 'Check the name, namespace and context; list_resources shows what exists.',
  FORBIDDEN: 'The cluster refused this identity; can_i shows what it may do.',
  CONFLICT: 'The object changed or is owned by another field manager; read it again, or apply with force.',
};

function codeOf(status: number): ErrorCode {
  if (status === 404 || status === 410) return 'NOT_FOUND';
  if (status === 401 || status === 403) return 'FORBIDDEN';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 504) return 'TIMEOUT';
  if (status >= 500) return 'UPSTREAM_UNAVAILABLE';
  return 'INVALID_INPUT';
}

/** Maps an API server error response to the ToolError the model reads. */
export function apiError(httpStatus: number, body: unknown, context: string): ToolError {
  const status = parseStatus(body);
  const code = codeOf(httpStatus);
  const causes = status?.details?.causes?.map((cause) => cause.message ?? cause.field ?? '').filter(Boolean) ?? [];
  const base =
    httpStatus === 401
      ? `The cluster of context ${context} rejected the credentials (401 Unauthorized)`
      : (status?.message ?? `The API server answered ${httpStatus}`);
  const message = causes.length > 0 && !base.includes(causes[0]!) ? `${base} (${causes.join('; ')})` : base;
  return new ToolError(code, message, {
    ...(hints[code] === undefined ? {} : { hint: hints[code] }),
    details: { status: httpStatus, ...(status?.reason === undefined ? {} : { reason: status.reason }) },
  });
}

/** A failure to reach the API server at all. */
export function unreachable(context: string, server: string, cause: unknown): ToolError {
  const reason =
    cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
  return new ToolError(
    'UPSTREAM_UNAVAILABLE',
    `Cannot reach the cluster of context ${context} at ${server}: ${reason}`,
    {
      hint: 'Check that the cluster is up and the kubeconfig points at it; other contexts may still work.',
      cause,
    },
  );
}
