import { serveStdio as sdkServeStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../log.js';
import { localPrincipal } from '../principal.js';
import type { InfraServer } from '../server.js';
import { guardStdout } from './stdout-guard.js';

/** Options for {@link serveStdio}. */
export interface StdioOptions {
  log: Logger;
  /** Defaults to the process's stdin. */
  stdin?: Readable;
  /** Defaults to the process's stdout, guarded so only protocol bytes reach it. */
  stdout?: Writable;
}

/** A running stdio server. */
export interface StdioHandle {
  /** Resolves when the client closes stdin or {@link StdioHandle.close} was called. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves one server over stdio for the operator's own session: both protocol
 * eras, one local principal with all scopes (still bound by the server mode).
 */
export function serveStdio(server: InfraServer, options: StdioOptions): StdioHandle {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? guardStdout(options.log);
  const transport = new StdioServerTransport(stdin, stdout);
  const handle = sdkServeStdio(({ era }) => server.createInstance({ principal: localPrincipal, era }), {
    transport,
    onerror: (error) => options.log.warn('stdio protocol error', { error }),
  });
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  stdin.once('end', () => resolveClosed());
  stdin.once('close', () => resolveClosed());
  return {
    closed,
    close: async () => {
      await handle.close();
      resolveClosed();
    },
  };
}
