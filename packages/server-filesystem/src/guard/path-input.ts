import { homedir } from 'node:os';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { badPathError } from './errors.js';

/** Longest path accepted, in bytes (Linux PATH_MAX). */
export const maxPathBytes = 4096;
/** Longest single component accepted, in bytes (NAME_MAX). */
export const maxNameBytes = 255;

// C0 controls and DEL: legal in POSIX names, but they garble every listing and log they appear in.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0001-\u001f\u007f]/;

/**
 * Turns what the model passed into a normalized absolute path, refusing what
 * no honest path contains: NUL bytes, control characters, backslashes or
 * drive letters (odd separators), over-long paths or names. A relative path
 * is taken relative to `base` (the first allowed directory), never to the
 * server's working directory; `~/` is the user's home; `file://` URLs are accepted.
 */
export function toAbsolutePath(input: string, base: string): string {
  if (input.includes('\0')) throw badPathError(input, 'contains a NUL byte');
  if (Buffer.byteLength(input) > maxPathBytes) throw badPathError(input, `is longer than ${maxPathBytes} bytes`);
  let path = input.trim() === '' ? '.' : input;
  if (path.startsWith('file://')) {
    try {
      path = fileURLToPath(path);
    } catch {
      throw badPathError(input, 'is not a valid file:// URL');
    }
  }
  if (controlCharacters.test(path)) throw badPathError(input, 'contains control characters');
  if (path.includes('\\')) throw badPathError(input, 'uses backslashes; separate components with /');
  if (/^[A-Za-z]:/.test(path)) throw badPathError(input, 'is a Windows drive path; this server runs on a POSIX host');
  if (path === '~' || path.startsWith('~/')) path = posix.join(homedir(), path.slice(1));
  const absolute = posix.resolve(base, path);
  for (const part of absolute.split('/')) {
    if (Buffer.byteLength(part) > maxNameBytes)
      throw badPathError(input, `has a component longer than ${maxNameBytes} bytes`);
  }
  return absolute;
}

/** Checks a single entry name (a copy or move destination's last component, a name from a listing). */
export function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0');
}
