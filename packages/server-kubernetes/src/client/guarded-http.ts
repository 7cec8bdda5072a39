import type { CircuitBreaker } from '@infra-mcp/core';
import type { Cluster, KubeConfig } from '@kubernetes/client-node';
import type { AgentOptions, RequestOptions } from 'node:https';
import type { AccessPolicy } from './access-policy.js';
import { loadUndici, type DispatcherCache } from './dispatchers.js';
import { apiError, unreachable } from './kube-errors.js';
import { parseRequestInfo, type RequestInfo } from './request-info.js';
import { sanitizeResponse } from './sanitize.js';
import type { SecretTagger } from './secret-redaction.js';

/** One request as the guard receives it, whoever built it. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** A response after the guard: JSON parsed and sanitized, or text. */
export interface GuardedResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed and sanitized JSON, or the raw text of a non-JSON body (logs). */
  body: unknown;
}

/** Everything the guard of one context needs. */
export interface GuardOptions {
  context: string;
  /** A KubeConfig whose current context is `context`; read, never written. */
  config: KubeConfig;
  cluster: Cluster | null;
  policy: AccessPolicy;
  tagger: SecretTagger;
  breaker: CircuitBreaker;
  dispatchers: DispatcherCache;
  timeoutMs: number;
}

/**
 * The one chokepoint every request to a cluster passes, from every tool and
 * from client-node's generated APIs alike: the access policy first, then
 * credentials from the kubeconfig, then the request, then sanitizing of the
 * response (Secrets redacted, hidden namespaces filtered) before anything
 * else can read it. Errors become ToolErrors inside the circuit breaker, so
 * only an unreachable or failing cluster opens it.
 */
export interface Guard {
  readonly context: string;
  readonly policy: AccessPolicy;
  /** Checks a request against the policy without sending it (exec and port-forward sockets, can_i). */
  authorize(method: string, url: URL): RequestInfo;
  send(request: OutgoingRequest): Promise<GuardedResponse>;
}

/** Creates the guard of one context. */
export function createGuard(options: GuardOptions): Guard {
  const authorize = (method: string, url: URL): RequestInfo => {
    const info = parseRequestInfo(method, url);
    options.policy.check(info);
    return info;
  };
  return {
    context: options.context,
    policy: options.policy,
    authorize,
    send: async (request) => {
      const info = authorize(request.method, new URL(request.url));
      return options.breaker.run(() => exchange(options, info, request));
    },
  };
}

async function exchange(options: GuardOptions, info: RequestInfo, request: OutgoingRequest): Promise<GuardedResponse> {
  const tls: RequestOptions = { headers: {} };
  await options.config.applyToHTTPSOptions(tls);
  const headers: Record<string, string> = { ...request.headers, ...flatHeaders(tls) };
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
  const dispatcher = await options.dispatchers.get(options.config, options.cluster, tls as AgentOptions);
  let response;
  try {
    const { request: send } = await loadUndici();
    response = await send(request.url, {
      method: request.method as 'GET',
      headers,
      body: request.body,
      dispatcher,
      signal,
    });
  } catch (error) {
    if (request.signal?.aborted === true) throw error;
    throw unreachable(options.context, options.cluster?.server ?? '', error);
  }
  const text = await response.body.text();
  const contentType = String(response.headers['content-type'] ?? '');
  const parsed = contentType.includes('json') ? parseJson(text) : text;
  const body = sanitizeResponse(info, parsed, options.policy, options.tagger);
  if (response.statusCode >= 400) throw apiError(response.statusCode, body, options.context);
  return { status: response.statusCode, headers: stringHeaders(response.headers), body };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Authorization and other headers the kubeconfig's authenticator set; basic auth becomes a header. */
function flatHeaders(tls: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(tls.headers ?? {})) if (value !== undefined) headers[key] = String(value);
  if (typeof tls.auth === 'string') headers.Authorization = `Basic ${Buffer.from(tls.auth).toString('base64')}`;
  return headers;
}

function stringHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers))
    if (value !== undefined) result[key] = Array.isArray(value) ? value.join(', ') : value;
  return result;
}
