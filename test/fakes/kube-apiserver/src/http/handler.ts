import { type IncomingMessage, type ServerResponse } from 'node:http';
import { aggregatedContentType, aggregatedDiscovery, aggregatedVersion } from './aggregated-discovery.js';
import { type ServerContext } from './context.js';
import { coreVersions, groupDocument, groupList, resourceList } from './discovery.js';
import { boolParam } from './query.js';
import { parseRequestPath } from './request-info.js';
import { handleResource } from './resource-handler.js';
import { sendError, sendJson, sendText } from './respond.js';
import { ApiError, pathNotFound, unauthorized } from '../api/errors.js';
import { type User } from '../auth/users.js';
import { type JsonObject } from '../util/object.js';

function authenticate(context: ServerContext, request: IncomingMessage): User {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (match) {
    const user = context.users.get((match[1] ?? '').trim());
    if (user !== undefined) return user;
    throw unauthorized();
  }
  if (context.anonymous !== undefined) return context.anonymous;
  throw unauthorized();
}

function versionInfo(context: ServerContext): JsonObject {
  return {
    ...context.serverVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function serveOther(context: ServerContext, request: IncomingMessage, response: ServerResponse, path: string): void {
  if (path === '/version' || path === '/version/') return sendJson(response, 200, versionInfo(context));
  if (['/healthz', '/livez', '/readyz'].includes(path)) return sendText(response, 200, 'ok');
  if (path === '/openapi/v2') {
    // The v2 document exists only as JSON; a client that accepts nothing but gnostic protobuf must be told so, not fed JSON.
    const accept = request.headers.accept ?? '*/*';
    if (!accept.includes('json') && !accept.includes('*/*')) {
      throw new ApiError(406, 'NotAcceptable', 'only the following media types are accepted: application/json');
    }
    return sendJson(response, 200, context.openapi.v2());
  }
  if (path === '/openapi/v3' || path === '/openapi/v3/') return sendJson(response, 200, context.openapi.index());
  if (path.startsWith('/openapi/v3/')) {
    const document = context.openapi.groupVersion(path.slice('/openapi/v3/'.length));
    if (document !== undefined) return sendJson(response, 200, document);
  }
  throw pathNotFound();
}

async function route(context: ServerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://fake');
  const user = authenticate(context, request);
  const parsed = parseRequestPath(request.method ?? 'GET', url.pathname, boolParam(url.searchParams, 'watch'));
  switch (parsed.kind) {
    case 'root': {
      const aggregated = aggregatedVersion(request.headers.accept);
      if (aggregated !== undefined) {
        const document = aggregatedDiscovery(context.registry, parsed.path === '/api', aggregated);
        return sendJson(response, 200, document, [], aggregatedContentType(aggregated));
      }
      const host = request.headers.host ?? '127.0.0.1';
      return sendJson(response, 200, parsed.path === '/api' ? coreVersions(host) : groupList(context.registry));
    }
    case 'group': {
      const document = groupDocument(context.registry, parsed.group);
      if (document === undefined) throw pathNotFound();
      return sendJson(response, 200, document);
    }
    case 'discovery': {
      const document = resourceList(context.registry, parsed.group, parsed.version);
      if (document === undefined) throw pathNotFound();
      return sendJson(response, 200, document);
    }
    case 'resource':
      return handleResource(context, request, response, parsed.request, url.searchParams, user);
    case 'other':
      return serveOther(context, request, response, url.pathname);
  }
}

/** The request listener of the fake API server: every failure becomes a real-looking Status. */
export function createRequestListener(
  context: ServerContext,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    route(context, request, response).catch((error: unknown) => sendError(response, error));
  };
}
