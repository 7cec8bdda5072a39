import type { Server } from '@modelcontextprotocol/server';
import { fileURLToPath } from 'node:url';
import type { Era } from './pipeline/call.js';

/**
 * The client's MCP roots as local paths, fetched once per connection and
 * refetched after `notifications/roots/list_changed`. Only 2025-era
 * connections that declared the `roots` capability have any; roots are
 * deprecated in the 2026-07-28 revision and stateless HTTP has no way to ask.
 */
export function createRootsProvider(server: Server, era: Era): () => Promise<readonly string[] | undefined> {
  if (era === 'modern') return async () => undefined;
  let cached: Promise<readonly string[] | undefined> | undefined;
  server.setNotificationHandler('notifications/roots/list_changed', () => {
    cached = undefined;
  });
  return () => {
    if (server.getClientCapabilities()?.roots === undefined) return Promise.resolve(undefined);
    cached ??= server.listRoots().then(
      ({ roots }) => roots.filter((root) => root.uri.startsWith('file://')).map((root) => fileURLToPath(root.uri)),
      () => undefined,
    );
    return cached;
  };
}
