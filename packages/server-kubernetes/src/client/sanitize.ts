import type { AccessPolicy } from './access-policy.js';
import type { RequestInfo } from './request-info.js';
import { redactSecretMessage, redactSecretsDeep, type SecretTagger } from './secret-redaction.js';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function namespaceOf(value: unknown): string | undefined {
  if (!isRecord(value) || !isRecord(value.metadata)) return undefined;
  const namespace = value.metadata.namespace;
  return typeof namespace === 'string' ? namespace : undefined;
}

/**
 * Everything a response goes through before any tool sees it: Secrets
 * redacted wherever they appear, and, for lists that span namespaces, items
 * of namespaces the policy hides removed (with the counts that would reveal
 * them). Mutates and returns the parsed body.
 */
export function sanitizeResponse(
  info: RequestInfo,
  body: unknown,
  policy: AccessPolicy,
  tagger: SecretTagger,
): unknown {
  if (!isRecord(body)) return body;
  redactSecretsDeep(body, tagger, info.resource === 'secrets');
  if (body.kind === 'Status' && typeof body.message === 'string' && info.resource === 'secrets') {
    body.message = redactSecretMessage(body.message);
  }
  if (policy.filtersNamespaces && info.verb === 'list' && info.namespace === '') filterNamespaces(body, info, policy);
  return body;
}

function filterNamespaces(body: Json, info: RequestInfo, policy: AccessPolicy): void {
  // A Namespace list is filtered by the objects' own names.
  const visible =
    info.resource === 'namespaces'
      ? (item: unknown) => {
          const name = isRecord(item) && isRecord(item.metadata) ? item.metadata.name : undefined;
          return typeof name === 'string' && policy.namespaceAllowed(name);
        }
      : (item: unknown) => {
          const namespace = namespaceOf(item);
          return namespace === undefined || namespace === '' || policy.namespaceAllowed(namespace);
        };
  if (Array.isArray(body.items)) body.items = body.items.filter(visible);
  // A row without its object cannot be placed in a namespace, so it is dropped (fail closed).
  if (Array.isArray(body.rows))
    body.rows = body.rows.filter((row) => isRecord(row) && row.object !== undefined && visible(row.object));
  // The remaining count would reveal how many hidden objects later pages hold.
  if (isRecord(body.metadata)) delete body.metadata.remainingItemCount;
}
