import { badRequest, expired } from './errors.js';
import { type ResourceType } from './resource-type.js';
import { toServed } from './served-form.js';
import { type FieldMatcher, parseFieldSelector } from '../store/field-selector.js';
import { type LabelMatcher, labelsOf, parseLabelSelector } from '../store/label-selector.js';
import { type ObjectStore } from '../store/object-store.js';
import { type JsonObject, asObject, asString } from '../util/object.js';

/** The list query parameters the server honours. */
export interface ListQuery {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continueToken?: string | null;
}

/** One page of a list. */
export interface ListPage {
  items: JsonObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

interface ContinueState {
  rv: number;
  start: string;
}

function encodeContinue(state: ContinueState): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: state.rv, start: state.start })).toString('base64url');
}

function decodeContinue(token: string, store: ObjectStore): ContinueState {
  try {
    const parsed = asObject(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    const rv = Number(parsed.rv);
    if (!Number.isFinite(rv) || typeof parsed.start !== 'string') throw new Error('malformed');
    if (rv < store.oldestRevision() - 1) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    }
    return { rv, start: parsed.start };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('The provided continue')) throw error;
    throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
  }
}

/** The filter of a list or watch: label and field selectors applied to the served form. */
export function compileFilter(type: ResourceType, query: ListQuery): (object: JsonObject) => boolean {
  const labels: LabelMatcher | undefined = query.labelSelector ? parseLabelSelector(query.labelSelector) : undefined;
  const fields: FieldMatcher | undefined = query.fieldSelector
    ? parseFieldSelector(query.fieldSelector, type.selectableFields)
    : undefined;
  return (object) => (labels === undefined || labels(labelsOf(object))) && (fields === undefined || fields(object));
}

function keyOf(object: JsonObject): string {
  const meta = asObject(object.metadata);
  return `${asString(meta.namespace)}/${asString(meta.name)}`;
}

/** Lists a type with selectors and limit/continue paging, in key order like etcd. */
export function listObjects(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  query: ListQuery,
): ListPage {
  const filter = compileFilter(type, query);
  const start = query.continueToken ? decodeContinue(query.continueToken, store) : undefined;
  const revision = start?.rv ?? store.currentRevision();
  const limit = query.limit !== undefined && query.limit > 0 ? query.limit : Number.POSITIVE_INFINITY;
  const items: JsonObject[] = [];
  let remaining = 0;
  let last = '';
  for (const stored of store.list(type.storage, namespace)) {
    if (start !== undefined && keyOf(stored) <= start.start) continue;
    const served = toServed(type, stored);
    if (!filter(served)) continue;
    if (items.length < limit) {
      items.push(served);
      last = keyOf(stored);
    } else remaining++;
  }
  const page: ListPage = { items, resourceVersion: String(revision) };
  if (remaining > 0) {
    page.continueToken = encodeContinue({ rv: revision, start: last });
    if (!query.labelSelector && !query.fieldSelector) page.remainingItemCount = remaining;
  }
  return page;
}
