import { defineToolFor, ToolError } from '@infra-mcp/core';
import * as z from 'zod';
import type { ClusterSet } from '../client/cluster-set.js';
import { resourcePath, type ResourceType } from '../client/discovery.js';
import type { KubeClient } from '../client/kube-client.js';
import type { KubernetesDeps } from '../deps.js';

/** `defineTool` with the Kubernetes dependencies. */
export const defineKubeTool = defineToolFor<KubernetesDeps>();

// Argument schemas shared by every tool; the server instructions explain them once instead of every tool.
/** A kubeconfig context; the default context when left out. */
export const contextArg = z.string().optional();
/** A namespace; the context's namespace when left out. */
export const namespaceArg = z.string().optional();
/** A namespace, or `*` for all. */
export const anyNamespaceArg = z.string().optional().describe('* for all');
/** A kind: `Deployment`, `deploy`, `deployments.apps`, `apps/v1/Deployment`. */
export const kindArg = z.string().min(1);
/** An object name. */
export const nameArg = z.string().min(1);

/** One object a call is about, resolved against discovery. */
export interface Target {
  client: KubeClient;
  type: ResourceType;
  /** The namespace used; empty for cluster-scoped kinds. */
  namespace: string;
  /** The object's API path. */
  path: string;
}

/** Resolves context, kind and namespace of a call to one object. */
export async function resolveTarget(
  kube: ClusterSet,
  input: { context?: string | undefined; kind: string; name: string; namespace?: string | undefined },
  signal: AbortSignal,
): Promise<Target> {
  const client = await kube.client(input.context);
  const type = await client.discovery.resolve(input.kind, signal);
  const namespace = type.namespaced ? (input.namespace ?? client.namespace) : '';
  return { client, type, namespace, path: resourcePath(type, { namespace, name: input.name }) };
}

/** `Deployment shop/web` or `Node node-1`: how a target reads in summaries. */
export function describeTarget(kind: string, name: string, namespace: string): string {
  return namespace === '' ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

/** Refuses a kind that does not support a verb, naming what it does support. */
export function requireVerb(type: ResourceType, verb: string): void {
  if (type.verbs.length > 0 && !type.verbs.includes(verb)) {
    throw new ToolError(
      'INVALID_INPUT',
      `${type.kind} does not support ${verb} (it supports ${type.verbs.join(', ')}).`,
    );
  }
}
