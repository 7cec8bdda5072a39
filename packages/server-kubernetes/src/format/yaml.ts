import { stringify } from 'yaml';

/** YAML as kubectl prints it: block style, no line folding. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}
