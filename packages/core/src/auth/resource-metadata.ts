import type { ServerResponse } from 'node:http';
import { modeAllows, type ToolClass } from '../policy/mode.js';
import type { InfraServer } from '../server.js';
import type { ExtraRoute } from '../transport/http.js';
import { sendJson } from '../transport/http-util.js';

const wellKnown = '/.well-known/oauth-protected-resource';
const toolClasses: readonly ToolClass[] = ['read', 'write', 'destructive'];

/** A server's OAuth resource identifier, which is also the audience its tokens must carry (RFC 8707). */
export function resourceUrl(publicUrl: string, server: string): string {
  return `${publicUrl}/mcp/${server}`;
}

/** Where a server's Protected Resource Metadata lives: the well-known segment inserted before the path (RFC 9728 §3.1). */
export function resourceMetadataUrl(publicUrl: string, server: string): string {
  const base = new URL(publicUrl);
  return `${base.origin}${wellKnown}${base.pathname.replace(/\/+$/, '')}/mcp/${server}`;
}

/**
 * Every scope a call to this server can need under its mode: each tool's
 * override, or `<server>:<class>` for its class and, for tools whose calls
 * can rise above it (an overwrite), each higher class the mode allows.
 */
export function scopesOf(server: InfraServer): string[] {
  const scopes = new Set<string>();
  for (const tool of server.tools) {
    if (tool.scopes !== undefined) {
      for (const scope of tool.scopes) scopes.add(scope);
      continue;
    }
    const from = toolClasses.indexOf(tool.toolClass);
    const reachable = tool.classify === undefined ? [tool.toolClass] : toolClasses.slice(from);
    for (const toolClass of reachable)
      if (modeAllows(server.mode, toolClass)) scopes.add(`${server.name}:${toolClass}`);
  }
  return [...scopes];
}

/** The RFC 9728 document describing one server as a protected resource. */
export function protectedResourceMetadata(
  server: InfraServer,
  publicUrl: string,
  issuer: string,
): Record<string, unknown> {
  return {
    resource: resourceUrl(publicUrl, server.name),
    authorization_servers: [issuer],
    scopes_supported: scopesOf(server),
    bearer_methods_supported: ['header'],
    resource_name: `infra-mcp ${server.name}`,
  };
}

/**
 * Serves each server's metadata at `/.well-known/oauth-protected-resource/mcp/<server>`
 * (behind a path prefix, also with the prefix inserted). Readable cross-origin,
 * as browser-based clients fetch it before they have a token.
 */
export function protectedResourceMetadataRoute(servers: readonly InfraServer[], issuer: string): ExtraRoute {
  const byName = new Map(servers.map((server) => [server.name, server]));
  return (request, response, { url, publicUrl }) => {
    const prefix = new URL(publicUrl).pathname.replace(/\/+$/, '');
    const match = /^\/\.well-known\/oauth-protected-resource(\/.*)?\/mcp\/([a-z][a-z0-9-]*)$/.exec(url.pathname);
    const server = match === null ? undefined : byName.get(match[2]!);
    if (match === null || server === undefined || ![undefined, prefix].includes(match[1])) return false;
    if (request.method === 'OPTIONS') return sendPreflight(response);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD, OPTIONS' });
      return true;
    }
    sendJson(response, 200, protectedResourceMetadata(server, publicUrl, issuer), {
      'access-control-allow-origin': '*',
      'cache-control': 'public, max-age=300',
    });
    return true;
  };
}

function sendPreflight(response: ServerResponse): true {
  response.writeHead(204, {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, HEAD, OPTIONS',
    'access-control-max-age': '86400',
  });
  response.end();
  return true;
}
