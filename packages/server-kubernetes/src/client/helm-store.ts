import { ToolError } from '@infra-mcp/core';
import type { HelmRelease } from './helm-release.js';
import type { KubeClient } from './kube-client.js';
import { recordAt, recordsAt, stringAt } from '../format/json.js';

const metadataAccept = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';

function secretsPath(namespace: string | undefined): string {
  return namespace === undefined ? '/api/v1/secrets' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
}

/** One revision as the release Secret's labels describe it, without reading the release. */
export interface RevisionRef {
  secret: string;
  namespace: string;
  name: string;
  revision: number;
  status: string;
}

/** Release revisions found by their Secrets' labels (metadata only), newest revision first. */
export async function listRevisions(
  client: KubeClient,
  options: { namespace?: string | undefined; release?: string | undefined; signal: AbortSignal },
): Promise<RevisionRef[]> {
  const selector = ['owner=helm', ...(options.release === undefined ? [] : [`name=${options.release}`])].join(',');
  const list = await client.request({
    path: secretsPath(options.namespace),
    query: { labelSelector: selector, limit: 1000 },
    accept: metadataAccept,
    signal: options.signal,
  });
  return recordsAt(list, 'items')
    .map((item) => {
      const labels = recordAt(item, 'metadata.labels');
      return {
        secret: stringAt(item, 'metadata.name'),
        namespace: stringAt(item, 'metadata.namespace'),
        name: typeof labels.name === 'string' ? labels.name : '',
        revision: Number(labels.version ?? 0),
        status: typeof labels.status === 'string' ? labels.status : '',
      };
    })
    .sort((a, b) => b.revision - a.revision);
}

/** Reads one revision; the chokepoint has already decoded and redacted it into `helmRelease`. */
export async function readRevision(client: KubeClient, ref: RevisionRef, signal: AbortSignal): Promise<HelmRelease> {
  const secret = await client.request({
    path: `${secretsPath(ref.namespace)}/${encodeURIComponent(ref.secret)}`,
    signal,
  });
  const release = (secret as { helmRelease?: HelmRelease }).helmRelease;
  if (release === undefined)
    throw new ToolError('INTERNAL', `Helm release Secret ${ref.namespace}/${ref.secret} could not be decoded.`);
  return release;
}
