import https from 'node:https';
import { type FakeKubeApiServer } from '../../src/index.js';

/** A raw HTTP response from the fake. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** Options of one raw request. */
export interface RawRequest {
  body?: unknown;
  contentType?: string;
  accept?: string;
  token?: string | null;
}

/** Sends one HTTPS request to the fake with its CA and (unless token is null) the admin token. */
export function rawRequest(
  server: FakeKubeApiServer,
  method: string,
  path: string,
  options: RawRequest = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  const token = options.token === undefined ? server.token : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] = options.contentType ?? 'application/json';
  }
  return new Promise((resolve, reject) => {
    const request = https.request(`${server.url}${path}`, { method, headers, ca: server.caCertificate }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
          json: <T>() => JSON.parse(body) as T,
        }),
      );
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** Opens a watch and collects its JSON lines until `stop()` is called. */
export function rawWatch(
  server: FakeKubeApiServer,
  path: string,
  accept = 'application/json',
): { events: () => Record<string, unknown>[]; stop: () => void } {
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  const request = https.request(
    `${server.url}${path}`,
    { headers: { Authorization: `Bearer ${server.token}`, Accept: accept }, ca: server.caCertificate },
    (response) => {
      response.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        for (const part of parts) if (part.trim() !== '') lines.push(JSON.parse(part) as Record<string, unknown>);
      });
    },
  );
  request.on('error', () => undefined);
  request.end();
  return { events: () => lines, stop: () => request.destroy() };
}
