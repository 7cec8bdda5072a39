import { connectClient, type ConnectOptions, type TestClient } from '@infra-mcp/core/testing';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createFilesystemServer, type CreateFilesystemServerOptions } from '../src/index.js';

/** A disposable world: a served root, a sibling outside it, and a secret file outside. */
export interface World extends Disposable {
  /** Parent of everything below; removed on dispose. */
  base: string;
  root: string;
  outside: string;
  /** Content of the secret file outside the root; must never appear in a result. */
  secret: string;
  /** Writes `files` (relative path → content) under `dir`, creating parents. */
  write(dir: string, files: Record<string, string | Buffer>): void;
}

/** Creates a fresh world in a temp directory. */
export function createWorld(): World {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'fs-test-')));
  const root = join(base, 'data');
  const outside = join(base, 'outside');
  const secret = `TOP-SECRET-${Math.random().toString(36).slice(2)}`;
  const write = (dir: string, files: Record<string, string | Buffer>) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  mkdirSync(root);
  mkdirSync(outside);
  write(outside, { 'secret.txt': `${secret}\n`, 'nested/deep.txt': `${secret} deep\n` });
  return { base, root, outside, secret, write, [Symbol.dispose]: () => rmSync(base, { recursive: true, force: true }) };
}

/** A call's outcome as a test reads it. */
export interface Outcome {
  isError: boolean;
  text: string;
  data: Record<string, unknown>;
  /** Everything the client received, serialized, for leak checks. */
  raw: string;
}

/** A connected client with a `call` helper. */
export interface Harness extends AsyncDisposable {
  session: TestClient;
  call(name: string, args?: Record<string, unknown>): Promise<Outcome>;
  /** The confirmation prompts a person was shown (and approved) for destructive calls. */
  confirmations: string[];
}

/**
 * Builds the server and connects a real MCP client to it. The client plays a
 * person who approves every destructive call it is asked to confirm, and
 * records what it was shown.
 */
export async function connect(
  options: CreateFilesystemServerOptions,
  connectOptions: ConnectOptions = {},
): Promise<Harness> {
  const confirmations: string[] = [];
  const session = await connectClient(createFilesystemServer(options), {
    ...connectOptions,
    capabilities: { elicitation: { form: {} }, ...connectOptions.capabilities },
    prepare: (client) => {
      client.setRequestHandler('elicitation/create', async (request) => {
        confirmations.push(request.params.message);
        return { action: 'accept', content: { confirm: true } };
      });
      connectOptions.prepare?.(client);
    },
  });
  return {
    session,
    confirmations,
    call: async (name, args = {}) => {
      const result = await session.client.callTool({ name, arguments: args });
      const text = result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
      return {
        isError: result.isError === true,
        text,
        data: (result.structuredContent ?? {}) as Record<string, unknown>,
        raw: JSON.stringify(result),
      };
    },
    [Symbol.asyncDispose]: () => session.close(),
  };
}
