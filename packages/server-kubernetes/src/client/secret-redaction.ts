import { createHmac, randomBytes } from 'node:crypto';
import { decodeHelmRelease, helmReleaseType } from './helm-release.js';

/**
 * Replaces every value of a Secret with a tag: its size and a keyed hash.
 * The key is random per process and never leaves it, so a tag cannot be
 * reversed or brute-forced offline, yet two tags of one process compare
 * equal when the values do — which lets `diff` say that a value changed
 * without showing either side.
 */
export interface SecretTagger {
  tag(value: Buffer): string;
}

/** A tagger with a fresh random key. */
export function createSecretTagger(): SecretTagger {
  const key = randomBytes(32);
  return {
    tag: (value) => {
      const digest = createHmac('sha256', key).update(value).digest('hex').slice(0, 10);
      return `<redacted ${value.length}B #${digest}>`;
    },
  };
}

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a value is a Secret as the API serves it. Under a secrets path,
 * list items carry no kind, and metadata-only forms still carry annotations.
 */
export function isSecretObject(value: unknown, secretPath: boolean): value is Json {
  if (!isRecord(value)) return false;
  if (value.kind === 'Secret') return true;
  return secretPath && isRecord(value.metadata) && (value.kind === undefined || value.kind === 'PartialObjectMetadata');
}

/** Helm's ConfigMap storage driver keeps the whole release, values included, in `data.release`. */
function redactHelmConfigMap(value: Json, tagger: SecretTagger): void {
  const labels = isRecord(value.metadata) ? value.metadata.labels : undefined;
  if (!isRecord(labels) || labels.owner !== 'helm' || !isRecord(value.data)) return;
  const release = value.data.release;
  if (typeof release === 'string') value.data.release = tagger.tag(Buffer.from(release));
}

/**
 * Redacts one Secret in place: data, stringData and the copy kubectl keeps
 * in an annotation. A Helm release Secret also gains `helmRelease`, the
 * release decoded with its values and manifest Secrets redacted.
 */
export function redactSecret(secret: Json, tagger: SecretTagger): void {
  if (secret.type === helmReleaseType && isRecord(secret.data) && typeof secret.data.release === 'string') {
    const release = decodeHelmRelease(secret.data.release, tagger);
    if (release !== undefined) secret.helmRelease = release;
  }
  if (isRecord(secret.data)) {
    for (const [key, value] of Object.entries(secret.data))
      secret.data[key] = tagger.tag(typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0));
  }
  if (isRecord(secret.stringData)) {
    for (const [key, value] of Object.entries(secret.stringData))
      secret.stringData[key] = tagger.tag(Buffer.from(typeof value === 'string' ? value : ''));
  }
  const metadata = secret.metadata;
  if (isRecord(metadata) && isRecord(metadata.annotations) && lastApplied in metadata.annotations) {
    metadata.annotations[lastApplied] = '<redacted: holds the Secret as last applied>';
  }
}

/**
 * Walks a response and redacts every Secret in it: the object itself, list
 * items, Table rows that embed objects, and Secrets nested anywhere else (a
 * v1 List, a custom resource that embeds one).
 */
export function redactSecretsDeep(value: unknown, tagger: SecretTagger, secretPath: boolean): void {
  if (Array.isArray(value)) {
    for (const item of value) redactSecretsDeep(item, tagger, false);
    return;
  }
  if (!isRecord(value)) return;
  if (isSecretObject(value, secretPath)) {
    redactSecret(value, tagger);
    return;
  }
  redactHelmConfigMap(value, tagger);
  for (const [key, child] of Object.entries(value)) {
    if (typeof child !== 'object' || child === null) continue;
    if (secretPath && key === 'items' && Array.isArray(child)) {
      for (const item of child) if (isSecretObject(item, true)) redactSecret(item, tagger);
      continue;
    }
    if (secretPath && key === 'rows' && Array.isArray(child)) {
      for (const row of child) if (isRecord(row) && isSecretObject(row.object, true)) redactSecret(row.object, tagger);
      continue;
    }
    redactSecretsDeep(child, tagger, false);
  }
}

/** Removes values the API server echoes in an error about a Secret (`Invalid value: "…"`). */
export function redactSecretMessage(message: string): string {
  return message.replace(/Invalid value: "(?:[^"\\]|\\.)*"/g, 'Invalid value: <redacted>');
}
