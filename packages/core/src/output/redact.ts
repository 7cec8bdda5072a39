/**
 * Redaction of secrets in values that leave the process: audit records, logs,
 * error details. Keys that name secrets lose their values; strings that
 * carry credentials (passwords in URLs, bearer tokens, private keys) are
 * masked wherever they appear.
 */

const secretKey =
  /pass(word|wd)?$|^pwd$|secret|token|authorization|api[-_]?key|cookie|credential|private[-_]?key|^auth$/i;
const patterns: readonly [RegExp, string][] = [
  [/\b([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+):([^@/?#\s]+)@/gi, '$1:[redacted]@'],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g, '[redacted private key]'],
  [
    /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[baprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})\b/g,
    '[redacted token]',
  ],
];

/**
 * What each pattern above needs to be present (case aside), so that text
 * without any of it, which is most text, is scanned once rather than once per
 * pattern. Keep it in step with `patterns`.
 */
const anyCandidate = /:\/\/|bearer|basic|-----BEGIN |gh[pousr]_|github_pat_|xox[baprs]-|AKIA/i;

/** Masks credentials inside a string. */
export function redactString(text: string): string {
  if (!anyCandidate.test(text)) return text;
  let result = text;
  for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement);
  return result;
}

/** Whether a field name names a secret. */
export function isSecretKey(key: string): boolean {
  return secretKey.test(key);
}

/** A deep copy of `value` with secrets redacted and long strings summarized to `maxStringBytes`. */
export function redactValue(value: unknown, maxStringBytes = Number.POSITIVE_INFINITY): unknown {
  if (typeof value === 'string') {
    const redacted = redactString(value);
    const bytes = Buffer.byteLength(redacted);
    return bytes > maxStringBytes
      ? `${redacted.slice(0, Math.max(0, maxStringBytes - 40))}… [${bytes} bytes]`
      : redacted;
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, maxStringBytes));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [
        key,
        isSecretKey(key) && field !== null && field !== undefined ? '[redacted]' : redactValue(field, maxStringBytes),
      ]),
    );
  }
  return value;
}
