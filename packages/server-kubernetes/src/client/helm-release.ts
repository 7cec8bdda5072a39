import { redactValue } from '@infra-mcp/core';
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { isRecord, recordAt, stringAt, numberAt } from '../format/json.js';
import type { SecretTagger } from './secret-redaction.js';

/** The Secret type under which Helm 3 stores each release revision. */
export const helmReleaseType = 'helm.sh/release.v1';

/** A Helm release revision as this server shows it: values and manifest Secrets redacted, chart sources dropped. */
export interface HelmRelease {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  description: string;
  updated: string;
  chart: string;
  appVersion: string;
  notes: string;
  values: unknown;
  manifest: string;
}

/**
 * Decodes `data.release` of a Helm release Secret (base64 of base64 of
 * gzipped JSON) into its sanitized form. Runs inside the chokepoint's
 * redaction, so no path ever sees the raw release.
 */
export function decodeHelmRelease(encoded: string, tagger: SecretTagger): HelmRelease | undefined {
  let release: unknown;
  try {
    const inner = Buffer.from(Buffer.from(encoded, 'base64').toString('utf8'), 'base64');
    const json = inner[0] === 0x1f && inner[1] === 0x8b ? gunzipSync(inner).toString('utf8') : inner.toString('utf8');
    release = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isRecord(release)) return undefined;
  const chart = recordAt(release, 'chart.metadata');
  return {
    name: stringAt(release, 'name'),
    namespace: stringAt(release, 'namespace'),
    revision: numberAt(release, 'version'),
    status: stringAt(release, 'info.status'),
    description: stringAt(release, 'info.description'),
    updated: stringAt(release, 'info.last_deployed'),
    chart: `${stringAt(chart, 'name')}-${stringAt(chart, 'version')}`,
    appVersion: stringAt(chart, 'appVersion'),
    notes: stringAt(release, 'info.notes'),
    values: redactValue(release.config ?? {}),
    manifest: redactManifestSecrets(stringAt(release, 'manifest'), tagger),
  };
}

/** A rendered manifest with the values of every Secret in it redacted; withheld whole if it cannot be parsed. */
export function redactManifestSecrets(manifest: string, tagger: SecretTagger): string {
  const documents = parseAllDocuments(manifest);
  if (documents.some((document) => document.errors.length > 0))
    return '<manifest withheld: it could not be parsed to redact its Secrets>';
  return documents
    .map((document) => {
      const value: unknown = document.toJS();
      if (isRecord(value) && value.kind === 'Secret') {
        for (const field of ['data', 'stringData'] as const) {
          const entries = value[field];
          if (!isRecord(entries)) continue;
          for (const [key, entry] of Object.entries(entries)) {
            const bytes = field === 'data' ? Buffer.from(String(entry), 'base64') : Buffer.from(String(entry));
            document.setIn([field, key], tagger.tag(bytes));
          }
        }
      }
      return document.toString();
    })
    .join('---\n');
}
