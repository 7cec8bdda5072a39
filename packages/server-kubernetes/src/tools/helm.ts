import { readOnly, ToolError, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import { listRevisions, readRevision, type RevisionRef } from '../client/helm-store.js';
import type { KubeClient } from '../client/kube-client.js';
import { age } from '../format/age.js';
import { toYaml } from '../format/yaml.js';
import { anyNamespaceArg, contextArg, defineKubeTool } from './shared.js';

const maxReleases = 50;
const rows = z.array(z.record(z.string(), z.string()));

/** Helm releases read natively from their release Secrets: a list, or one release's status, history, values, manifest or notes. */
export const helmTool = defineKubeTool({
  name: 'helm',
  title: 'Helm releases',
  description:
    "Helm releases (read natively): list, or a release's status, history, values (redacted), manifest, notes.",
  annotations: readOnly,
  input: z.object({
    context: contextArg,
    namespace: anyNamespaceArg,
    release: z.string().optional(),
    show: z.enum(['status', 'history', 'values', 'manifest', 'notes']).default('status'),
    revision: z.number().int().min(1).max(100_000).optional(),
  }),
  output: z.object({ releases: rows.optional(), text: untrusted(z.string(), 'helm').optional() }),
  handler: async (args, { kube, signal }) => {
    const client = await kube.client(args.context);
    const namespace = args.namespace === '*' ? undefined : (args.namespace ?? client.namespace);
    if (args.release === undefined) return { releases: await listReleases(client, namespace, signal) };
    const refs = await listRevisions(client, { namespace, release: args.release, signal });
    if (refs.length === 0) {
      throw new ToolError(
        'NOT_FOUND',
        `No Helm release ${args.release} in ${namespace === undefined ? 'any namespace' : `namespace ${namespace}`}.`,
        {
          hint: 'helm without release lists them.',
        },
      );
    }
    if (args.show === 'history') {
      const history = await Promise.all(refs.slice(0, 20).map((ref) => readRevision(client, ref, signal)));
      return {
        releases: history.map((release) => ({ ...releaseRow(release, refs[0]!), DESCRIPTION: release.description })),
      };
    }
    const ref = args.revision === undefined ? refs[0] : refs.find((candidate) => candidate.revision === args.revision);
    if (ref === undefined)
      throw new ToolError('NOT_FOUND', `Release ${args.release} has no revision ${args.revision}.`);
    const release = await readRevision(client, ref, signal);
    const text =
      args.show === 'values'
        ? toYaml(release.values)
        : args.show === 'manifest'
          ? release.manifest
          : args.show === 'notes'
            ? release.notes
            : release.description;
    return { releases: [releaseRow(release, ref)], ...(args.show === 'status' && text === '' ? {} : { text }) };
  },
});

async function listReleases(
  client: KubeClient,
  namespace: string | undefined,
  signal: AbortSignal,
): Promise<Record<string, string>[]> {
  const latest = new Map<string, RevisionRef>();
  for (const ref of await listRevisions(client, { namespace, signal })) {
    const key = `${ref.namespace}/${ref.name}`;
    if (!latest.has(key)) latest.set(key, ref);
  }
  const refs = [...latest.values()].slice(0, maxReleases);
  return Promise.all(refs.map(async (ref) => releaseRow(await readRevision(client, ref, signal), ref)));
}

function releaseRow(release: Awaited<ReturnType<typeof readRevision>>, ref: RevisionRef): Record<string, string> {
  return {
    NAME: release.name,
    NAMESPACE: ref.namespace,
    REVISION: String(release.revision),
    STATUS: release.status,
    UPDATED: release.updated === '' ? '<unknown>' : `${age(release.updated)} ago`,
    CHART: release.chart,
    APP: release.appVersion || '<none>',
  };
}
