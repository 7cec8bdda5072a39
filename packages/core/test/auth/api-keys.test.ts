import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/api-key.js';
import { appendApiKeyEntry, readApiKeyFile } from '../../src/auth/api-key-file.js';
import { openApiKeyStore } from '../../src/auth/api-key-store.js';
import { ConfigError } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/log.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'infra-mcp-keys-'));
  file = join(dir, 'api-keys.json');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const ciKey = 'ci-key-0123456789abcdef0123456789abcdef';
const entry = (principal: string, key: string, scopes: string[]) => ({ principal, sha256: hashApiKey(key), scopes });
const write = (entries: unknown) => writeFile(file, JSON.stringify(entries), { mode: 0o600 });

describe('the API keys file', () => {
  it('stores the SHA-256 hex digest of a key, never the key', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes keys of 256 random bits with a recognisable prefix', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^imk_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(key);
  });

  it.each([
    ['not json', /is not valid JSON/],
    ['{"principal":"a"}', /expected array/],
    ['[{"principal":"a","sha256":"abc","scopes":[]}]', /0\.sha256: sha256 is the 64-character hex digest/],
    [`[{"principal":"a","sha256":"${'a'.repeat(64)}","scope":[]}]`, /Unrecognized key: "scope"|scopes/],
    [`[{"principal":"a","sha256":"${'a'.repeat(64)}","scopes":["has space"]}]`, /a scope is printable ASCII/],
  ])('refuses %s with a ConfigError naming the file', async (text, problem) => {
    await writeFile(file, text);
    const error = await readApiKeyFile(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(problem);
  });

  it('refuses a file that lists one digest twice', async () => {
    await write([entry('a', ciKey, []), entry('b', ciKey, [])]);
    await expect(readApiKeyFile(file)).rejects.toThrow(/lists one key digest twice \(principals a and b\)/);
  });

  it('refuses a missing file, saying how to create one', async () => {
    await expect(openApiKeyStore(file, { log: silentLogger })).rejects.toThrow(
      /does not exist: create it with infra-mcp auth new-key/,
    );
  });

  it('adds an entry to a new owner-only file, then to the existing one', async () => {
    await appendApiKeyEntry(join(dir, 'sub', 'keys.json'), entry('a', ciKey, ['demo:read']));
    await appendApiKeyEntry(join(dir, 'sub', 'keys.json'), entry('b', 'another-key-0123456789abcdef012345', []));
    const entries = await readApiKeyFile(join(dir, 'sub', 'keys.json'));
    expect(entries.map((item) => item.principal)).toEqual(['a', 'b']);
    expect((await stat(join(dir, 'sub', 'keys.json'))).mode & 0o777).toBe(0o600);
  });

  it('will not add a second entry for the same key', async () => {
    await appendApiKeyEntry(file, entry('a', ciKey, []));
    await expect(appendApiKeyEntry(file, entry('b', ciKey, []))).rejects.toThrow(/twice/);
    expect(await readApiKeyFile(file)).toHaveLength(1);
  });
});

describe('the API key store', () => {
  it('resolves a known key to its principal and scopes, and nothing else', async () => {
    await write([entry('ci-bot', ciKey, ['demo:read'])]);
    const store = await openApiKeyStore(file, { log: silentLogger });
    expect(await store.verify(ciKey)).toEqual({ id: 'ci-bot', kind: 'api-key', scopes: new Set(['demo:read']) });
    expect(await store.verify(`${ciKey}x`)).toBeUndefined();
    expect(await store.verify(hashApiKey(ciKey))).toBeUndefined();
  });

  it('picks up an edited file without a restart', async () => {
    await write([entry('ci-bot', ciKey, ['demo:read'])]);
    const store = await openApiKeyStore(file, { log: silentLogger, checkIntervalMs: 0 });
    const newKey = generateApiKey();
    await write([entry('deployer', newKey, ['demo:write'])]);
    expect(await store.verify(ciKey)).toBeUndefined();
    expect((await store.verify(newKey))?.id).toBe('deployer');
  });

  it('keeps the previous keys when the edited file is broken, and says so in the log', async () => {
    await write([entry('ci-bot', ciKey, ['demo:read'])]);
    const lines: string[] = [];
    const store = await openApiKeyStore(file, {
      log: createLogger({ sink: (line) => void lines.push(line) }),
      checkIntervalMs: 0,
    });
    await writeFile(file, '[{"principal": ');
    expect((await store.verify(ciKey))?.id).toBe('ci-bot');
    expect(lines.join('')).toMatch(/could not be reloaded; the previous keys stay in force/);
  });

  it('reloads on demand (SIGHUP)', async () => {
    await write([]);
    const store = await openApiKeyStore(file, { log: silentLogger, checkIntervalMs: 60_000 });
    await write([entry('ci-bot', ciKey, [])]);
    expect(await store.verify(ciKey)).toBeUndefined();
    await store.reload();
    expect((await store.verify(ciKey))?.id).toBe('ci-bot');
    expect(store.size()).toBe(1);
  });

  it('warns when others can write the file', async () => {
    await writeFile(file, '[]');
    await chmod(file, 0o666);
    const lines: string[] = [];
    await openApiKeyStore(file, { log: createLogger({ sink: (line) => void lines.push(line) }) });
    expect(lines.join('')).toMatch(/writable by group or others/);
  });
});
