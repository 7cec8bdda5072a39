import { type JsonObject, asArray, asObject, asString, getIn } from '../util/object.js';
import { ageOf } from '../util/time.js';

/** A meta.k8s.io/v1 TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** How a kind is shown as a Table: the column definitions and one row of cells per object. */
export interface Printer {
  columns: ColumnDefinition[];
  cells(object: JsonObject, now: Date): unknown[];
}

/** A column definition; priority 1 columns only appear with `-o wide`. */
export function column(name: string, type: string, description: string, priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description, priority };
}

/** The NAME column every printer starts with. */
export const nameColumn = column(
  'Name',
  'string',
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.',
  0,
  'name',
);

/** The AGE column. */
export const ageColumn = column(
  'Age',
  'string',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);

/** metadata.name of an object. */
export function nameOf(object: JsonObject): string {
  return asString(getIn(object, ['metadata', 'name']));
}

/** The AGE cell of an object. */
export function ageCell(object: JsonObject, now: Date): string {
  return ageOf(getIn(object, ['metadata', 'creationTimestamp']), now);
}

/** Comma-joined container names and images of a pod template, as the wide columns show them. */
export function containerCells(podSpec: unknown): [string, string] {
  const containers = asArray(getIn(podSpec, ['containers'])).map(asObject);
  return [containers.map((c) => asString(c.name)).join(','), containers.map((c) => asString(c.image)).join(',')];
}

/** A label selector rendered like metav1.FormatLabelSelector ("app=web,tier in (a,b)"). */
export function formatLabelSelector(selector: unknown): string {
  const matchLabels = asObject(getIn(selector, ['matchLabels']));
  const parts = Object.keys(matchLabels)
    .sort()
    .map((key) => `${key}=${asString(matchLabels[key])}`);
  for (const expression of asArray(getIn(selector, ['matchExpressions'])).map(asObject)) {
    const values = asArray(expression.values).map((v) => asString(v));
    const key = asString(expression.key);
    const operator = asString(expression.operator);
    if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
    else parts.push(`${key} ${operator === 'In' ? 'in' : 'notin'} (${values.join(',')})`);
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

/** A map of strings rendered "k=v,k2=v2", or "<none>". */
export function formatMap(map: unknown): string {
  const entries = Object.entries(asObject(map));
  return entries.length === 0 ? '<none>' : entries.map(([key, value]) => `${key}=${asString(value)}`).join(',');
}

/** The printer used for kinds without a specific one: Name and Created At, like the real default table. */
export const defaultPrinter: Printer = {
  columns: [
    nameColumn,
    column(
      'Created At',
      'date',
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    ),
  ],
  cells: (object) => [nameOf(object), getIn(object, ['metadata', 'creationTimestamp']) ?? null],
};
