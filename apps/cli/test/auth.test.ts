import { hashApiKey, readApiKeyFile } from '@infra-mcp/core/http';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/main.js';
import { capture, tempDirPerTest } from './capture.js';

const tempDir = tempDirPerTest('infra-mcp-cli-auth-');

/** Feeds `text` to the command as a pipe would. */
function pipeIn(text: string, isTTY = false) {
  const stream = Object.assign(Readable.from([Buffer.from(text)]), { isTTY });
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(stream as unknown as typeof process.stdin);
}

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  main(argv, { HOME: tempDir(), INFRA_MCP_DATA_DIR: tempDir(), ...env }, '/x/infra-mcp.mjs');

const key = 'k'.repeat(20) + '0123456789abcdef';

describe('infra-mcp auth', () => {
  it('prints the SHA-256 digest of a piped key, ignoring the newline echo adds', async () => {
    const { out } = capture();
    pipeIn(`${key}\n`);
    expect(await run(['auth', 'hash-key'])).toBe(0);
    expect(out.join('')).toBe(`${hashApiKey(key)}\n`);
  });

  it.each([
    ['', /read no key on stdin/],
    ['short-key\n', /the key is 9 characters; use at least 32/],
    [`${key}\n${key}\n`, /exactly one key without spaces or line breaks/],
    [`${key} extra`, /exactly one key/],
  ])('refuses stdin %j with one line on stderr and exit code 2', async (input, message) => {
    const { out, err } = capture();
    pipeIn(input);
    expect(await run(['auth', 'hash-key'])).toBe(2);
    expect(out.join('')).toBe('');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
    expect(err[0]!.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses to read a key typed at a terminal', async () => {
    const { err } = capture();
    pipeIn(key, true);
    expect(await run(['auth', 'hash-key'])).toBe(2);
    expect(err[0]).toMatch(/reads the key from a pipe, not a terminal/);
  });

  it('makes a key, stores only its digest in an owner-only keys file, and shows the key once', async () => {
    const { out, err } = capture();
    const file = join(tempDir(), 'keys', 'api-keys.json');
    const code = await run(['auth', 'new-key', '--principal', 'ci-bot', '--scopes', 'filesystem:read'], {
      INFRA_MCP_API_KEYS_FILE: file,
    });
    expect(code).toBe(0);
    const printed = out.join('').trim();
    expect(printed).toMatch(/^imk_[A-Za-z0-9_-]{43}$/);
    expect(err.join('')).toMatch(
      /Added ci-bot \(filesystem:read\) to .*api-keys.json; the key above is shown only once/,
    );
    const [entry] = await readApiKeyFile(file);
    expect(entry).toMatchObject({ principal: 'ci-bot', sha256: hashApiKey(printed), scopes: ['filesystem:read'] });
    expect(JSON.stringify(await readApiKeyFile(file))).not.toContain(printed);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('adds keys to api-keys.json in the data directory by default, and lists them without the keys', async () => {
    capture();
    await run(['auth', 'new-key', '--principal', 'ci-bot', '--scopes', 'filesystem:read']);
    await run(['auth', 'new-key', '--principal', 'deployer', '--scopes', 'filesystem:read,filesystem:write']);
    vi.restoreAllMocks();
    const { out } = capture();
    expect(await run(['auth', 'list-keys'])).toBe(0);
    const listing = out.join('');
    expect(listing).toContain(`${join(tempDir(), 'api-keys.json')}: 2 keys`);
    expect(listing).toMatch(/ci-bot .* filesystem:read\n/);
    expect(listing).toMatch(/deployer .* filesystem:read filesystem:write\n/);
  });

  it('prints the entry instead of writing it with --print-only', async () => {
    const { out, err } = capture();
    expect(await run(['auth', 'new-key', '--principal', 'ci-bot', '--scopes', 'filesystem:read', '--print-only'])).toBe(
      0,
    );
    const entry = JSON.parse(err.join('').split('\n')[1]!) as { sha256: string };
    expect(entry.sha256).toBe(hashApiKey(out.join('').trim()));
    await expect(stat(join(tempDir(), 'api-keys.json'))).rejects.toThrow(/ENOENT/);
  });

  it.each([
    [['auth', 'new-key', '--scopes', 'filesystem:read'], /needs --principal NAME/],
    [['auth', 'new-key', '--principal', 'ci-bot'], /needs --scopes/],
    [['auth', 'new-key', '--principal', 'ci bot', '--scopes', 'filesystem:read'], /--principal ci bot is not valid/],
    [
      ['auth', 'new-key', '--principal', 'ci-bot', '--scopes', 'filesytem:read'],
      /filesytem:read names no server: the servers are filesystem/,
    ],
    [['auth', 'rotate'], /unknown auth action "rotate"/],
    [['auth', 'list-keys'], /does not exist: create it with infra-mcp auth new-key/],
  ])('answers %j with one line on stderr and exit code 2', async (argv, message) => {
    const { out, err } = capture();
    expect(await run(argv)).toBe(2);
    expect(out.join('')).toBe('');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });
});

describe('infra-mcp serve with auth settings', () => {
  it.each([
    [
      { INFRA_MCP_OAUTH_ISSUER: 'http://sso.example.com' },
      /INFRA_MCP_OAUTH_ISSUER=http:\/\/sso.example.com must use https/,
    ],
    [
      { INFRA_MCP_OAUTH_ISSUER: 'https://sso.example.com', INFRA_MCP_HOST: '0.0.0.0' },
      /INFRA_MCP_PUBLIC_URL is required with OAuth on 0.0.0.0/,
    ],
  ])('refuses %j before starting, with one line and exit code 2', async (env, message) => {
    const { out, err } = capture();
    expect(await run(['serve'], env)).toBe(2);
    expect(out.join('')).toBe('');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });

  it('refuses a malformed API keys file, naming the file', async () => {
    const file = join(tempDir(), 'keys.json');
    await writeFile(file, '[{"principal":"ci-bot","sha256":"nope","scopes":[]}]');
    const { err } = capture();
    expect(await run(['serve', '--host', '0.0.0.0'], { INFRA_MCP_API_KEYS_FILE: file })).toBe(2);
    expect(err[0]).toMatch(new RegExp(`^infra-mcp: API keys file ${file} is not valid: 0\\.sha256`));
    expect(err).toHaveLength(1);
  });
});
