import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROTOCOL_VERSION_META_KEY, type AuthInfo, type McpHttpHandler } from '@modelcontextprotocol/server';

/**
 * Serves a 2026-07-28 request through the SDK's own handler without the
 * generic Node→web conversion: the body is already parsed, so the handler
 * gets a light request (method, headers, abort signal) and the parsed body,
 * and a JSON answer is written straight back. The SDK still does all of the
 * protocol work (envelope, header checks, era binding); only the plumbing
 * around it is cheaper. Returns `false` for anything else.
 */
export async function serveModernFetch(
  handler: McpHttpHandler,
  authInfo: AuthInfo,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
): Promise<boolean> {
  if (request.method !== 'POST' || !claimsModernEnvelope(body)) return false;
  const aborted = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) aborted.abort();
  });
  const webRequest = lightRequest(request, aborted.signal);
  const answer = await handler.fetch(webRequest, { authInfo, parsedBody: body });
  await writeAnswer(answer, response);
  return true;
}

function claimsModernEnvelope(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const meta = (body as { params?: { _meta?: Record<string, unknown> } }).params?._meta;
  return typeof meta === 'object' && meta !== null && PROTOCOL_VERSION_META_KEY in meta;
}

/** What the SDK's handler reads of a request when the body comes pre-parsed. */
function lightRequest(request: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const light = {
    method: 'POST',
    url: `http://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`,
    headers,
    signal,
  };
  return light as unknown as Request;
}

async function writeAnswer(answer: Response, response: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => (headers[name] = value));
  if (answer.body === null) {
    response.writeHead(answer.status, headers).end();
    return;
  }
  if ((headers['content-type'] ?? '').startsWith('application/json')) {
    const text = await answer.text();
    headers['content-length'] = String(Buffer.byteLength(text));
    response.writeHead(answer.status, headers).end(text);
    return;
  }
  // An event stream: pass each chunk on as it comes (progress, then the result).
  response.writeHead(answer.status, headers);
  response.flushHeaders();
  const reader = answer.body.getReader();
  response.once('close', () => void reader.cancel().catch(() => undefined));
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) response.write(chunk.value);
  response.end();
}
