import { badRequest } from '../api/errors.js';
import { type JsonObject, asArray, asObject, asString } from '../util/object.js';

/** One parsed requirement of a label selector. */
interface Requirement {
  key: string;
  operator: 'exists' | 'notexists' | 'equals' | 'notequals' | 'in' | 'notin' | 'gt' | 'lt';
  values: string[];
}

/** A compiled label selector: a predicate over an object's labels. */
export type LabelMatcher = (labels: Record<string, unknown>) => boolean;

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

const keyPattern = '([A-Za-z0-9][-A-Za-z0-9_./]*)';

function parseRequirement(text: string): Requirement {
  const setMatch = new RegExp(`^${keyPattern}\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(text);
  if (setMatch) {
    const values = (setMatch[3] ?? '').split(',').map((value) => value.trim());
    return { key: setMatch[1] ?? '', operator: setMatch[2] === 'in' ? 'in' : 'notin', values };
  }
  const compare = new RegExp(`^${keyPattern}\\s*(==|!=|=|>|<)\\s*([-A-Za-z0-9_.]*)$`).exec(text);
  if (compare) {
    const operators = { '==': 'equals', '=': 'equals', '!=': 'notequals', '>': 'gt', '<': 'lt' } as const;
    const operator = operators[(compare[2] ?? '=') as keyof typeof operators];
    return { key: compare[1] ?? '', operator, values: [compare[3] ?? ''] };
  }
  const exists = new RegExp(`^(!?)\\s*${keyPattern}$`).exec(text);
  if (exists) return { key: exists[2] ?? '', operator: exists[1] === '!' ? 'notexists' : 'exists', values: [] };
  throw badRequest(`unable to parse requirement: found '${text}', expected: in, notin, =, ==, !=, gt, lt`);
}

function matches(requirement: Requirement, labels: Record<string, unknown>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = asString(labels[requirement.key]);
  switch (requirement.operator) {
    case 'exists':
      return has;
    case 'notexists':
      return !has;
    case 'equals':
    case 'in':
      return has && requirement.values.includes(value);
    case 'notequals':
    case 'notin':
      return !has || !requirement.values.includes(value);
    case 'gt':
      return has && Number(value) > Number(requirement.values[0]);
    case 'lt':
      return has && Number(value) < Number(requirement.values[0]);
  }
}

/** Parses `?labelSelector=` syntax ("app=web,tier in (a,b),!canary"); throws 400 on bad syntax. */
export function parseLabelSelector(text: string): LabelMatcher {
  const requirements = splitTopLevel(text).map(parseRequirement);
  return (labels) => requirements.every((requirement) => matches(requirement, labels));
}

/** Compiles a metav1.LabelSelector object (matchLabels + matchExpressions); an empty selector matches everything. */
export function compileLabelSelector(selector: unknown): LabelMatcher {
  const matchLabels = asObject(asObject(selector).matchLabels);
  const requirements: Requirement[] = Object.entries(matchLabels).map(([key, value]) => ({
    key,
    operator: 'equals',
    values: [asString(value)],
  }));
  for (const expression of asArray(asObject(selector).matchExpressions).map(asObject)) {
    const operators: Record<string, Requirement['operator']> = {
      In: 'in',
      NotIn: 'notin',
      Exists: 'exists',
      DoesNotExist: 'notexists',
    };
    requirements.push({
      key: asString(expression.key),
      operator: operators[asString(expression.operator)] ?? 'in',
      values: asArray(expression.values).map((value) => asString(value)),
    });
  }
  return (labels) => requirements.every((requirement) => matches(requirement, labels));
}

/** The labels of an object, or an empty map. */
export function labelsOf(object: JsonObject): Record<string, unknown> {
  return asObject(asObject(object.metadata).labels);
}
