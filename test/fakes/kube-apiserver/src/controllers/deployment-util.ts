import { safeEncode } from '../api/served-form.js';
import {
  type JsonObject,
  asNumber,
  asObject,
  asString,
  canonicalJson,
  clone,
  deepEqual,
  getIn,
  isObject,
} from '../util/object.js';

/** The annotation holding a ReplicaSet's (and its Deployment's) revision. */
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
/** Earlier revisions a ReplicaSet held before a rollback reused it. */
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
/** The label that ties a ReplicaSet's pods to its template. */
export const templateHashLabel = 'pod-template-hash';

function fnv32a(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, child]) => child !== null && child !== undefined)
      .map(([key, child]) => [key, withoutNulls(child)]),
  );
}

/**
 * A pod template without the pod-template-hash label, for comparing templates
 * like EqualIgnoreHash; nulls are dropped because typed clients send
 * `creationTimestamp: null` where the stored template has nothing.
 */
export function templateWithoutHash(template: unknown): JsonObject {
  const copy = asObject(withoutNulls(clone(asObject(template))));
  const labels = asObject(asObject(copy.metadata).labels);
  delete labels[templateHashLabel];
  return copy;
}

/** pod-template-hash of a template (FNV-32a of its canonical form and the collision count, SafeEncodeString'd). */
export function templateHash(template: unknown, collisionCount: number): string {
  return safeEncode(fnv32a(canonicalJson(templateWithoutHash(template)) + String(collisionCount)));
}

/** True when two templates match ignoring pod-template-hash. */
export function sameTemplate(left: unknown, right: unknown): boolean {
  return deepEqual(templateWithoutHash(left), templateWithoutHash(right));
}

/** The revision number of a ReplicaSet (0 when unset). */
export function revisionOf(object: JsonObject): number {
  return Number(asString(getIn(object, ['metadata', 'annotations', revisionAnnotation]), '0')) || 0;
}

/** Resolves an int-or-percent against a total: surge rounds up, unavailability rounds down, as the real controller does. */
export function resolveIntOrPercent(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(asString(value));
  if (!match) return Number(value) || 0;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge and maxUnavailable of a RollingUpdate deployment (never both zero). */
export function rollingLimits(deployment: JsonObject): { surge: number; unavailable: number } {
  const replicas = asNumber(getIn(deployment, ['spec', 'replicas']), 1);
  const rolling = asObject(getIn(deployment, ['spec', 'strategy', 'rollingUpdate']));
  const surge = resolveIntOrPercent(rolling.maxSurge ?? '25%', replicas, true);
  let unavailable = resolveIntOrPercent(rolling.maxUnavailable ?? '25%', replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: Math.min(unavailable, replicas) };
}

/** Annotations a Deployment passes on to its ReplicaSets (not its own bookkeeping ones). */
export function copiedAnnotations(deployment: JsonObject): Record<string, unknown> {
  const skip = new Set([
    revisionAnnotation,
    revisionHistoryAnnotation,
    'kubectl.kubernetes.io/last-applied-configuration',
    'deployment.kubernetes.io/desired-replicas',
    'deployment.kubernetes.io/max-replicas',
  ]);
  return Object.fromEntries(
    Object.entries(asObject(getIn(deployment, ['metadata', 'annotations']))).filter(([key]) => !skip.has(key)),
  );
}
