import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  SUPPORTED_PROTOCOL_VERSIONS,
  type AuthInfo,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type Transport,
} from '@modelcontextprotocol/server';
import type { Principal } from '../principal.js';
import type { InfraServer } from '../server.js';

/**
 * A fast path for the most common HTTP exchange: one 2025-era JSON-RPC
 * request that needs no streaming. It runs the same server instance the SDK's
 * stateless legacy serving would run, over a one-shot transport, and answers
 * with a plain JSON body — skipping the web `Request`/`Response` conversion
 * and the SSE framing. Anything else (batches, notifications, progress,
 * unusual headers, 2026-era requests) returns `false` and goes to the SDK.
 */
export async function serveLegacyJson(
  server: InfraServer,
  principal: Principal,
  authInfo: AuthInfo,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
): Promise<boolean> {
  if (!isFastPathRequest(request, body)) return false;
  const instance = server.createInstance({ principal, era: 'legacy' });
  const transport = new OneShotTransport(response);
  await instance.connect(transport);
  // A client that hangs up mid-call cancels the call: closing the instance aborts its handlers.
  const hangUp = (): void => {
    if (!response.writableEnded) void instance.close();
  };
  response.once('close', hangUp);
  const answer = await transport.exchange(body, { authInfo });
  if (answer !== undefined && !response.destroyed) transport.finish(answer);
  await instance.close();
  return true;
}

const legacyVersions = new Set(SUPPORTED_PROTOCOL_VERSIONS.filter((version) => version < '2026'));

function isFastPathRequest(
  request: IncomingMessage,
  body: unknown,
): body is JSONRPCMessage & { id: string | number; method: string } {
  if (request.method !== 'POST') return false;
  const accept = request.headers.accept ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) return false;
  if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) return false;
  const version = request.headers['mcp-protocol-version'];
  if (version !== undefined && (Array.isArray(version) || !legacyVersions.has(version))) return false;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const message = body as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
  if (message.jsonrpc !== '2.0' || typeof message.method !== 'string') return false;
  if (typeof message.id !== 'string' && typeof message.id !== 'number') return false;
  if (
    message.params !== undefined &&
    (typeof message.params !== 'object' || message.params === null || Array.isArray(message.params))
  )
    return false;
  const meta = (message.params as { _meta?: unknown } | undefined)?._meta;
  if (
    meta !== undefined &&
    (typeof meta !== 'object' ||
      meta === null ||
      Object.keys(meta).some((key) => key.startsWith('io.modelcontextprotocol/')))
  ) {
    return false;
  }
  return true;
}

/**
 * A transport whose whole life is one request and its response: a plain
 * JSON body, unless the handler sends something first (a log line, a
 * progress notification), in which case the answer becomes an event stream
 * carrying those messages as they happen and then the response.
 */
class OneShotTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  private settle?: (message: JSONRPCMessage | undefined) => void;
  private streaming = false;

  constructor(private readonly response: ServerResponse) {}

  async start(): Promise<void> {}

  /** Delivers `message` and resolves with the response to it, or `undefined` if the exchange closed first. */
  exchange(message: JSONRPCMessage, extra: { authInfo: AuthInfo }): Promise<JSONRPCMessage | undefined> {
    const answered = new Promise<JSONRPCMessage | undefined>((resolve) => (this.settle = resolve));
    this.onmessage?.(message, extra);
    return answered;
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if ('result' in message || 'error' in message) {
      this.settle?.(message);
      return;
    }
    if (this.response.destroyed) return;
    if (!this.streaming) {
      this.streaming = true;
      this.response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform' });
    }
    this.response.write(event(message));
  }

  /** Writes the response: as the JSON body, or as the last event of the stream. */
  finish(answer: JSONRPCMessage): void {
    if (this.streaming) {
      this.response.end(event(answer));
      return;
    }
    const payload = JSON.stringify(answer);
    this.response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
    });
    this.response.end(payload);
  }

  async close(): Promise<void> {
    this.settle?.(undefined);
    this.onclose?.();
  }
}

function event(message: JSONRPCMessage): string {
  return `event: message\ndata: ${JSON.stringify(message)}\n\n`;
}
