import { ConfigError, describeIssues } from '@infra-mcp/core';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as z from 'zod';
import type { KubeconfigSource } from './client/cluster-set.js';

const namespacePattern = z.string().regex(/^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$/, 'a namespace name, * allowed');
const resourcePattern = z
  .string()
  .regex(
    /^([a-z0-9-]+|\*)(\.[a-z0-9.-]+)?$/,
    'a plural resource name as kubectl api-resources shows it: secrets, roles.rbac.authorization.k8s.io or *.rbac.authorization.k8s.io',
  );

/** The `servers.kubernetes` section of the config file; env variables override it. */
export const kubernetesSectionSchema = z
  .object({
    kubeconfig: z.string().min(1).optional(),
    contexts: z.array(z.string().min(1)).optional(),
    defaultContext: z.string().min(1).optional(),
    namespaces: z.array(namespacePattern).default([]),
    deniedNamespaces: z.array(namespacePattern).default([]),
    deniedResources: z.array(resourcePattern).default([]),
    exec: z.boolean().default(false),
    portForward: z.boolean().default(false),
    fieldManager: z
      .string()
      .regex(/^[a-zA-Z0-9][-a-zA-Z0-9_.:]{0,127}$/)
      .default('infra-mcp'),
    requestTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
  })
  .strict();

/** Parsed settings of the Kubernetes server. */
export interface KubernetesConfig {
  source: KubeconfigSource | undefined;
  contexts: readonly string[] | undefined;
  defaultContext: string | undefined;
  namespaces: readonly string[];
  deniedNamespaces: readonly string[];
  deniedResources: readonly string[];
  exec: boolean;
  portForward: boolean;
  /** True when port-forward was asked for but the server runs over HTTP, where it is never offered. */
  portForwardRefused: boolean;
  fieldManager: string;
  requestTimeoutMs: number;
}

interface EnvSetting {
  env: string;
  key: keyof z.input<typeof kubernetesSectionSchema>;
  parse: (raw: string) => unknown;
}

const list = (raw: string): string[] =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const flag = (raw: string): unknown =>
  /^(1|true|yes|on)$/i.test(raw) ? true : /^(0|false|no|off)$/i.test(raw) ? false : raw;

const envSettings: readonly EnvSetting[] = [
  { env: 'INFRA_MCP_KUBERNETES_CONTEXTS', key: 'contexts', parse: list },
  { env: 'INFRA_MCP_KUBERNETES_CONTEXT', key: 'defaultContext', parse: (raw) => raw },
  { env: 'INFRA_MCP_KUBERNETES_NAMESPACES', key: 'namespaces', parse: list },
  { env: 'INFRA_MCP_KUBERNETES_DENIED_NAMESPACES', key: 'deniedNamespaces', parse: list },
  { env: 'INFRA_MCP_KUBERNETES_DENIED_RESOURCES', key: 'deniedResources', parse: list },
  { env: 'INFRA_MCP_KUBERNETES_EXEC', key: 'exec', parse: flag },
  { env: 'INFRA_MCP_KUBERNETES_PORT_FORWARD', key: 'portForward', parse: flag },
  { env: 'INFRA_MCP_KUBERNETES_FIELD_MANAGER', key: 'fieldManager', parse: (raw) => raw },
];

/**
 * Reads the Kubernetes settings: the config file section, then env. The
 * kubeconfig is KUBECONFIG (a path list, merged like kubectl does), else
 * ~/.kube/config, else the pod's service account; it is only ever read.
 */
export function loadKubernetesConfig(input: {
  env: NodeJS.ProcessEnv;
  section: unknown;
  embedded: boolean;
}): KubernetesConfig {
  const merged: Record<string, unknown> =
    typeof input.section === 'object' && input.section !== null ? { ...input.section } : {};
  for (const setting of envSettings) {
    const raw = input.env[setting.env];
    if (raw !== undefined && raw !== '') merged[setting.key] = setting.parse(raw);
  }
  const parsed = kubernetesSectionSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(
      `Kubernetes settings are not valid (${describeIssues(parsed.error)}): fix servers.kubernetes in the config file or the INFRA_MCP_KUBERNETES_* variables`,
    );
  }
  const settings = parsed.data;
  const source = findKubeconfig(settings.kubeconfig, input.env);
  if (source === undefined && !input.embedded) {
    throw new ConfigError(
      'no kubeconfig found: set KUBECONFIG to your kubeconfig file, create ~/.kube/config, or set servers.kubernetes.kubeconfig',
    );
  }
  return {
    source,
    contexts: settings.contexts,
    defaultContext: settings.defaultContext,
    namespaces: settings.namespaces,
    deniedNamespaces: settings.deniedNamespaces,
    deniedResources: settings.deniedResources,
    exec: settings.exec,
    // A forwarded port opens on the machine the server runs on: only a local stdio server offers it.
    portForward: settings.portForward && !input.embedded,
    portForwardRefused: settings.portForward && input.embedded,
    fieldManager: settings.fieldManager,
    requestTimeoutMs: settings.requestTimeoutMs,
  };
}

function findKubeconfig(explicit: string | undefined, env: NodeJS.ProcessEnv): KubeconfigSource | undefined {
  if (explicit !== undefined) {
    if (!existsSync(explicit))
      throw new ConfigError(`servers.kubernetes.kubeconfig ${explicit} does not exist: point it at a kubeconfig file`);
    return { kind: 'files', paths: [explicit] };
  }
  const listed = (env.KUBECONFIG ?? '').split(delimiter).filter((path) => path !== '' && existsSync(path));
  if (listed.length > 0) return { kind: 'files', paths: listed };
  if (env.KUBECONFIG !== undefined && env.KUBECONFIG !== '') {
    throw new ConfigError(`KUBECONFIG=${env.KUBECONFIG} names no existing file: point it at your kubeconfig`);
  }
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return { kind: 'files', paths: [home] };
  if (env.KUBERNETES_SERVICE_HOST !== undefined && env.KUBERNETES_SERVICE_PORT !== undefined)
    return { kind: 'in-cluster' };
  return undefined;
}
