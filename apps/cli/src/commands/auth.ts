import { loadConfig } from '@infra-mcp/core';
import {
  apiKeysFilePath,
  appendApiKeyEntry,
  generateApiKey,
  hashApiKey,
  minApiKeyLength,
  principalName,
  readApiKeyFile,
  scopeToken,
  type ApiKeyEntry,
} from '@infra-mcp/core/http';
import { parseFlags, stringFlag } from '../args.js';
import { serverNames } from '../registry.js';
import { UsageError } from '../usage-error.js';

const usage = `Usage:
  printf %s "$KEY" | infra-mcp auth hash-key      print the SHA-256 digest of one key read on stdin
  infra-mcp auth new-key --principal NAME --scopes SCOPE[,SCOPE…] [--comment TEXT] [--print-only]
                                                  make a key, add its digest to the API keys file, print the key once
  infra-mcp auth list-keys                        list the principals and scopes in the API keys file

The API keys file is INFRA_MCP_API_KEYS_FILE, else api-keys.json in the data directory.
`;

/** `infra-mcp auth …`: make, hash and list API keys; keys themselves are never stored. */
export async function runAuth(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h') {
    process.stdout.write(usage);
    return;
  }
  if (action === 'hash-key') return hashKey(rest);
  if (action === 'new-key') return newKey(rest, env);
  if (action === 'list-keys') return listKeys(rest, env);
  throw new UsageError(`unknown auth action "${action}": use hash-key, new-key or list-keys`);
}

async function hashKey(args: readonly string[]): Promise<void> {
  if (args.length > 0)
    throw new UsageError(
      'auth hash-key takes no arguments: pipe the key in, e.g. printf %s "$KEY" | infra-mcp auth hash-key',
    );
  if (process.stdin.isTTY === true)
    throw new UsageError(
      'auth hash-key reads the key from a pipe, not a terminal: printf %s "$KEY" | infra-mcp auth hash-key',
    );
  const key = checkKey(await readStdin());
  process.stdout.write(`${hashApiKey(key)}\n`);
}

/** One key: a single trailing newline (from echo) is dropped; anything else with whitespace is refused. */
function checkKey(input: string): string {
  const key = input.replace(/\r?\n$/, '');
  if (key === '') throw new UsageError('auth hash-key read no key on stdin: pipe exactly one key in');
  if (/\s/.test(key))
    throw new UsageError('auth hash-key reads exactly one key without spaces or line breaks: pipe one key in');
  if (key.length < minApiKeyLength)
    throw new UsageError(
      `the key is ${key.length} characters; use at least ${minApiKeyLength} (infra-mcp auth new-key makes a strong one)`,
    );
  return key;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > 4096) throw new UsageError('auth hash-key read over 4096 bytes on stdin: pipe one key in');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function newKey(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const flags = parseFlags('auth new-key', args, {
    principal: { type: 'string' },
    scopes: { type: 'string' },
    comment: { type: 'string' },
    'print-only': { type: 'boolean' },
  });
  if (flags.positionals.length > 0)
    throw new UsageError(
      `auth new-key takes no positional arguments (got ${flags.positionals.join(' ')}): use --principal and --scopes`,
    );
  const principal = parsePrincipal(stringFlag(flags, 'principal'));
  const scopes = parseScopes(stringFlag(flags, 'scopes'));
  const comment = stringFlag(flags, 'comment');
  const key = generateApiKey();
  const entry: ApiKeyEntry = {
    principal,
    sha256: hashApiKey(key),
    scopes,
    created: new Date().toISOString(),
    ...(comment === undefined ? {} : { comment }),
  };
  if (flags.values['print-only'] === true) {
    process.stdout.write(`${key}\n`);
    process.stderr.write(
      `Add this entry to your API keys file; the key above is shown only once:\n${JSON.stringify(entry)}\n`,
    );
    return;
  }
  const file = keysFile(env);
  await appendApiKeyEntry(file, entry);
  process.stdout.write(`${key}\n`);
  process.stderr.write(
    `Added ${principal} (${scopes.join(' ')}) to ${file}; the key above is shown only once. A running serve picks it up within a second.\n`,
  );
}

function parsePrincipal(raw: string | undefined): string {
  if (raw === undefined) throw new UsageError('auth new-key needs --principal NAME: who the key is for, e.g. ci-bot');
  const parsed = principalName.safeParse(raw);
  if (!parsed.success) throw new UsageError(`--principal ${raw} is not valid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * Scopes as a comma- or space-separated list. A `<server>:<class>` scope must
 * name a server this command knows: a typo would make a key that opens nothing.
 */
function parseScopes(raw: string | undefined): string[] {
  const scopes = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  if (scopes.length === 0)
    throw new UsageError(
      'auth new-key needs --scopes, e.g. --scopes filesystem:read (classes: read, write, destructive)',
    );
  for (const scope of scopes) {
    if (!scopeToken.safeParse(scope).success)
      throw new UsageError(`--scopes: ${scope} is not a scope: use printable characters without quotes or backslashes`);
    const match = /^([a-z][a-z0-9-]*):(read|write|destructive)$/.exec(scope);
    if (match !== null && !serverNames.includes(match[1]!))
      throw new UsageError(`--scopes: ${scope} names no server: the servers are ${serverNames.join(', ')}`);
  }
  return [...new Set(scopes)];
}

async function listKeys(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (args.length > 0) throw new UsageError('auth list-keys takes no arguments');
  const file = keysFile(env);
  const entries = await readApiKeyFile(file);
  const lines = entries.map(
    (entry) =>
      `${entry.principal.padEnd(20)} ${entry.sha256.slice(0, 12)}…  ${entry.created ?? '-'}  ${entry.scopes.join(' ') || '(no scopes)'}`,
  );
  process.stdout.write(
    `${file}: ${entries.length} key${entries.length === 1 ? '' : 's'}\n${lines.map((line) => `  ${line}\n`).join('')}`,
  );
}

function keysFile(env: NodeJS.ProcessEnv): string {
  return apiKeysFilePath(env, loadConfig({ env }).core);
}
