import { badRequest } from '../api/errors.js';
import { type JsonObject, getIn } from '../util/object.js';

/** A compiled field selector: a predicate over a whole object. */
export type FieldMatcher = (object: JsonObject) => boolean;

interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) {
      current += char + (text[i + 1] ?? '');
      i++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char ?? '';
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

function parseRequirement(text: string): FieldRequirement {
  const match = /^([^=!]+?)\s*(!=|==|=)\s*(.*)$/.exec(text.trim());
  if (!match) throw badRequest(`invalid selector: '${text}'; can't understand '${text}'`);
  return { field: match[1] ?? '', negate: match[2] === '!=', value: unescape(match[3] ?? '') };
}

/** Fields whose selector label is not their JSON path. */
const aliases: Record<string, string[]> = {
  'status.successful': ['status', 'succeeded'],
  source: ['source', 'component'],
};

function fieldValue(object: JsonObject, field: string): string {
  const value = getIn(object, aliases[field] ?? field.split('.'));
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

/** Parses `?fieldSelector=`; only metadata.name, metadata.namespace and `supported` labels are allowed, as on a real server. */
export function parseFieldSelector(text: string, supported: readonly string[]): FieldMatcher {
  const requirements = splitUnescaped(text, ',')
    .filter((part) => part.trim() !== '')
    .map(parseRequirement);
  for (const requirement of requirements) {
    const known = requirement.field === 'metadata.name' || requirement.field === 'metadata.namespace';
    if (!known && !supported.includes(requirement.field)) {
      throw badRequest(`field label not supported: ${requirement.field}`);
    }
  }
  return (object) =>
    requirements.every(
      (requirement) => (fieldValue(object, requirement.field) === requirement.value) !== requirement.negate,
    );
}
