import { type User } from './auth/users.js';
import { type JsonObject } from './util/object.js';

/** Builds a kubeconfig with one context per user; `current` names the current context's user. */
export function buildKubeconfig(options: {
  url: string;
  caCertificate: string | undefined;
  users: User[];
  current: string;
  namespace: string;
}): JsonObject {
  const cluster: JsonObject = { server: options.url };
  // client-node refuses plain-HTTP servers unless TLS verification is explicitly skipped.
  if (options.caCertificate === undefined) cluster['insecure-skip-tls-verify'] = true;
  else cluster['certificate-authority-data'] = Buffer.from(options.caCertificate).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: 'fake', cluster }],
    users: options.users.map((user) => ({ name: user.name, user: { token: user.token } })),
    contexts: options.users.map((user) => ({
      name: user.name,
      context: { cluster: 'fake', user: user.name, namespace: options.namespace },
    })),
    'current-context': options.current,
  };
}
