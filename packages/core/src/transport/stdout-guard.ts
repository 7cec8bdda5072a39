import { Writable } from 'node:stream';
import type { Logger } from '../log.js';

/**
 * Reserves stdout for protocol bytes. Returns a stream that writes to the
 * real stdout (for the transport) and redirects every other stdout write —
 * a stray `console.log` in a dependency, say — to stderr with a warning,
 * so nothing but JSON-RPC ever reaches the client.
 */
export function guardStdout(log: Logger): Writable {
  const stdout = process.stdout;
  const protocolWrite = stdout.write.bind(stdout) as (
    chunk: string | Uint8Array,
    callback?: (error?: Error | null) => void,
  ) => boolean;
  let warned = false;
  const redirect = function (this: unknown, chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    if (!warned) {
      warned = true;
      log.warn('a non-protocol write to stdout was redirected to stderr');
    }
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    return process.stderr.write(chunk, callback);
  };
  stdout.write = redirect;
  // Strings pass through as strings: the pipe's string write path is the cheap one.
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      protocolWrite(chunk, (error) => callback(error ?? null));
    },
  });
}
