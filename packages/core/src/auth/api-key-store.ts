import { timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Logger } from '../log.js';
import type { Principal } from '../principal.js';
import { hashApiKey, type ApiKeyEntry } from './api-key.js';
import { readApiKeyFile } from './api-key-file.js';

/** The API keys a server accepts, kept in step with the keys file. */
export interface ApiKeyStore {
  readonly path: string;
  /** The principal a presented key belongs to, or `undefined` for an unknown key. */
  verify(key: string): Promise<Principal | undefined>;
  /** Re-reads the file now (SIGHUP); a broken file is logged and the previous keys stay in force. */
  reload(): Promise<void>;
  /** How many keys are in force. */
  size(): number;
}

/** Options for {@link openApiKeyStore}. */
export interface ApiKeyStoreOptions {
  log: Logger;
  /** How often a request may look at the file's mtime; edits take effect within this. */
  checkIntervalMs?: number;
}

interface Loaded {
  byDigest: Map<string, { digest: Buffer; principal: Principal }>;
  signature: string;
}

/**
 * Loads the keys file (a broken file is a `ConfigError` at startup) and
 * reloads it when it changes on disk: editing the file, or a Kubernetes
 * Secret update, takes effect without a restart.
 */
export async function openApiKeyStore(path: string, options: ApiKeyStoreOptions): Promise<ApiKeyStore> {
  // Not `apiKeysFile`: the logger redacts fields whose names look like secrets.
  const log = options.log.child({ keysFile: path });
  const interval = options.checkIntervalMs ?? 1000;
  let current = await load(path);
  let checkedAt = Date.now();
  await warnIfWritableByOthers(path, log);

  const reload = async (): Promise<void> => {
    try {
      current = await load(path);
      log.info('API keys reloaded', { keys: current.byDigest.size });
    } catch (error) {
      log.error('API keys file could not be reloaded; the previous keys stay in force', { error });
    }
  };
  const reloadIfChanged = async (): Promise<void> => {
    if (Date.now() - checkedAt < interval) return;
    checkedAt = Date.now();
    const signature = await fileSignature(path).catch(() => 'missing');
    if (signature !== current.signature) await reload();
  };
  return {
    path,
    verify: async (key) => {
      await reloadIfChanged();
      return lookUp(current, key);
    },
    reload,
    size: () => current.byDigest.size,
  };
}

function lookUp(loaded: Loaded, key: string): Principal | undefined {
  const digest = Buffer.from(hashApiKey(key), 'hex');
  const entry = loaded.byDigest.get(digest.toString('hex'));
  // The map lookup is on a digest, not the key; the final comparison is constant-time anyway.
  if (entry === undefined || !timingSafeEqual(entry.digest, digest)) return undefined;
  return entry.principal;
}

async function load(path: string): Promise<Loaded> {
  const signature = await fileSignature(path).catch(() => 'missing');
  const entries = await readApiKeyFile(path);
  return { byDigest: new Map(entries.map((entry) => [entry.sha256, toRecord(entry)])), signature };
}

function toRecord(entry: ApiKeyEntry): { digest: Buffer; principal: Principal } {
  return {
    digest: Buffer.from(entry.sha256, 'hex'),
    principal: Object.freeze({ id: entry.principal, kind: 'api-key', scopes: new Set(entry.scopes) }),
  };
}

async function fileSignature(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.ino}:${info.size}:${info.mtimeMs}`;
}

async function warnIfWritableByOthers(path: string, log: Logger): Promise<void> {
  const mode = (await stat(path)).mode & 0o777;
  // Anyone who can write the file can mint themselves a key.
  if ((mode & 0o022) !== 0)
    log.warn('API keys file is writable by group or others; run chmod 600 on it', { mode: mode.toString(8) });
}
