import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod';

/** Shortest key `auth hash-key` accepts: shorter keys are guessable from a leaked digest. */
export const minApiKeyLength = 32;

/**
 * An OAuth scope token (RFC 6749 §3.3): printable ASCII without space, `"` or `\`.
 */
export const scopeToken = z
  .string()
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'a scope is printable ASCII without spaces, quotes or backslashes');

/** A principal name as it appears in audit records and logs. */
export const principalName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@:+-]{0,127}$/, 'a principal is 1–128 letters, digits and . _ @ : + -');

/** One entry of the API keys file: who the key belongs to, its SHA-256 digest, its scopes. */
export const apiKeyEntrySchema = z
  .object({
    principal: principalName,
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'sha256 is the 64-character hex digest of the key (infra-mcp auth hash-key)')
      .transform((digest) => digest.toLowerCase()),
    scopes: z.array(scopeToken),
    /** When the key was made; informational. */
    created: z.iso.datetime().optional(),
    /** A note for operators (what the key is for, who holds it). */
    comment: z.string().max(500).optional(),
  })
  .strict();

/** One parsed entry of the API keys file. */
export type ApiKeyEntry = z.output<typeof apiKeyEntrySchema>;

/** The hex SHA-256 digest of a key: what the keys file stores instead of the key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random API key: 256 bits, base64url, with a prefix secret scanners can spot. */
export function generateApiKey(): string {
  return `imk_${randomBytes(32).toString('base64url')}`;
}
