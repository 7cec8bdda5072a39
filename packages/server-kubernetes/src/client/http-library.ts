import type { PromiseHttpLibrary, RequestContext } from '@kubernetes/client-node';
import { ResponseContext } from './client-node.js';
import type { Guard } from './guarded-http.js';

/**
 * client-node's HTTP library interface over the guard, for its generated
 * APIs: whatever a generated API asks passes the same policy and sanitizing
 * as every other request, and gets its credentials from the guard.
 */
export function guardHttpLibrary(guard: Guard): PromiseHttpLibrary {
  return {
    send: async (request: RequestContext) => {
      const body = request.getBody();
      const response = await guard.send({
        method: request.getHttpMethod(),
        url: request.getUrl(),
        headers: request.getHeaders(),
        body: typeof body === 'string' ? body : undefined,
        signal: request.getSignal(),
      });
      const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      return new ResponseContext(response.status, response.headers, {
        text: async () => text,
        binary: async () => Buffer.from(text),
        stream: () => null,
      });
    },
  };
}
