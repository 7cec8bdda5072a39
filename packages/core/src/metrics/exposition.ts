// Escaping and number formatting of the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).

/** The Content-Type of the text exposition format this module writes. */
export const expositionContentType = 'text/plain; version=0.0.4; charset=utf-8';

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Whether `name` is a valid metric name. */
export function isMetricName(name: string): boolean {
  return metricName.test(name);
}

/** Whether `name` is a valid label name that is not reserved (`__` prefix) or special (`le`). */
export function isLabelName(name: string): boolean {
  return labelName.test(name) && !name.startsWith('__') && name !== 'le';
}

/** Escapes a HELP docstring: backslash and line feed, as the format requires. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Formats a sample value the way Prometheus parses it (Go `ParseFloat` syntax plus `+Inf`, `-Inf`, `NaN`). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/**
 * Renders `name="value",…` for the pairs whose value is not empty (an empty
 * label value is the same as no label to Prometheus); `''` when none are left.
 */
export function formatLabelPairs(names: readonly string[], values: readonly string[]): string {
  const pairs: string[] = [];
  for (let index = 0; index < names.length; index++) {
    const value = values[index] ?? '';
    if (value !== '') pairs.push(`${names[index]}="${escapeLabelValue(value)}"`);
  }
  return pairs.join(',');
}
