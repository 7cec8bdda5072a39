import { type ServerResponse } from 'node:http';
import { ApiError } from '../api/errors.js';
import { type JsonObject } from '../util/object.js';

/** Writes a JSON body with the real server's headers; warnings go out as RFC 7234 Warning headers like kube-apiserver's. */
export function sendJson(
  response: ServerResponse,
  code: number,
  body: unknown,
  warnings: string[] = [],
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    'Content-Type': contentType,
    Vary: 'Accept',
    'Cache-Control': 'no-cache, private',
    'Content-Length': String(Buffer.byteLength(text)),
  };
  if (warnings.length > 0) headers.Warning = warnings.map((warning) => `299 - ${JSON.stringify(warning)}`);
  response.writeHead(code, headers);
  response.end(text);
}

/** Sends an ApiError as its Status object; anything else becomes a 500 InternalError Status. */
export function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError(
          500,
          'InternalError',
          `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`,
        );
  sendJson(response, apiError.code, apiError.toStatus());
}

/** Plain text (logs, healthz). */
export function sendText(response: ServerResponse, code: number, text: string): void {
  response.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

/** The list envelope of a type. */
export function listEnvelope(kind: string, apiVersion: string, metadata: JsonObject, items: JsonObject[]): JsonObject {
  return { kind, apiVersion, metadata, items };
}
