import { resourcePath } from './discovery.js';
import type { KubeClient } from './kube-client.js';
import { recordsAt, stringAt, type Json } from '../format/json.js';

/** The controller chain above an object, nearest first: `ReplicaSet/web-5d8f`, `Deployment/web`. */
export async function ownerChain(client: KubeClient, object: Json, signal: AbortSignal, depth = 4): Promise<string[]> {
  const chain: string[] = [];
  let current = object;
  const namespace = stringAt(object, 'metadata.namespace');
  for (let level = 0; level < depth; level++) {
    const references = recordsAt(current, 'metadata.ownerReferences');
    const owner = references.find((reference) => reference.controller === true) ?? references[0];
    if (owner === undefined) break;
    const kind = stringAt(owner, 'kind');
    const name = stringAt(owner, 'name');
    chain.push(`${kind}/${name}`);
    const next = await readOwner(client, { apiVersion: stringAt(owner, 'apiVersion'), kind, name, namespace }, signal);
    if (next === undefined) break;
    current = next;
  }
  return chain;
}

async function readOwner(
  client: KubeClient,
  owner: { apiVersion: string; kind: string; name: string; namespace: string },
  signal: AbortSignal,
): Promise<Json | undefined> {
  try {
    const type = await client.discovery.resolve(`${owner.apiVersion}/${owner.kind}`, signal);
    return await client.request<Json>({
      path: resourcePath(type, { namespace: owner.namespace, name: owner.name }),
      signal,
    });
  } catch {
    // An owner that is gone, or that policy hides, ends the chain; the chain so far still helps.
    return undefined;
  }
}
