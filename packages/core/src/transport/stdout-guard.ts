import { Writable } from 'node:stream';
import type { Logger } from '../log.js';

type WriteCallback = (error?: Error | null) => void;
type Write = (chunk: string | Uint8Array, callback?: WriteCallback) => boolean;

/**
 * Reserves stdout for protocol bytes. Returns a stream that writes to the
 * real stdout (for the transport) and redirects every other stdout write —
 * a stray `console.log` in a dependency, say — to stderr with a warning,
 * so nothing but JSON-RPC ever reaches the client.
 */
export function guardStdout(log: Logger): Writable {
  const stdout = process.stdout;
  const protocolWrite = stdout.write.bind(stdout) as Write;
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
  return new ProtocolStdout(stdout, protocolWrite, log);
}

/**
 * The transport's view of the real stdout. Its `write` goes straight to
 * stdout's own (strings stay strings: the pipe's string path is the cheap
 * one), with stdout's backpressure: it returns what stdout returned and emits
 * stdout's `drain`. A second stream's buffering in front of stdout's would
 * only add work to every message.
 */
class ProtocolStdout extends Writable {
  readonly #write: Write;

  constructor(stdout: NodeJS.WriteStream, write: Write, log: Logger) {
    super({ decodeStrings: false });
    this.#write = write;
    stdout.on('drain', () => this.emit('drain'));
    stdout.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
      else log.error('stdout failed', { error });
    });
  }

  override write(
    chunk: string | Uint8Array,
    encodingOrCallback?: BufferEncoding | WriteCallback,
    callback?: WriteCallback,
  ): boolean {
    return this.#write(chunk, typeof encodingOrCallback === 'function' ? encodingOrCallback : callback);
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#write(chunk, (error) => callback(error ?? null));
  }
}
