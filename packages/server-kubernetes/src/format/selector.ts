import { isRecord, recordAt, recordsAt, stringAt, type Json } from './json.js';

/** A LabelSelector (matchLabels and matchExpressions) as a `labelSelector` query string. */
export function selectorString(selector: Json): string {
  const parts = Object.entries(recordAt(selector, 'matchLabels')).map(([key, value]) => `${key}=${String(value)}`);
  for (const expression of recordsAt(selector, 'matchExpressions')) {
    const key = stringAt(expression, 'key');
    const values = Array.isArray(expression.values) ? expression.values.map(String).join(',') : '';
    switch (stringAt(expression, 'operator')) {
      case 'In':
        parts.push(`${key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
      default:
        break;
    }
  }
  return parts.join(',');
}

/** The pod selector of a workload or Service, or undefined when it has none. */
export function podSelectorOf(object: Json): string | undefined {
  const spec = recordAt(object, 'spec');
  if (stringAt(object, 'kind') === 'Service') {
    const selector = spec.selector;
    return isRecord(selector) && Object.keys(selector).length > 0
      ? selectorString({ matchLabels: selector })
      : undefined;
  }
  const selector = spec.selector;
  if (!isRecord(selector)) return undefined;
  const text = selectorString(selector);
  return text === '' ? undefined : text;
}
