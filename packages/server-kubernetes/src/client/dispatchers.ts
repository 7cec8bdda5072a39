import type { Cluster, KubeConfig } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import type { AgentOptions } from 'node:https';
import type * as UndiciModule from 'undici';
import type { Dispatcher } from 'undici';

type Undici = typeof UndiciModule;

/**
 * undici (half a megabyte) loads with the first API request, not with the
 * server. It is CommonJS: Node's ESM loader and the CLI's bundle both hand
 * over its exports as the module's `default` (the bundle only that way).
 */
export async function loadUndici(): Promise<Undici> {
  const module = (await import('undici')) as Undici & { default?: Undici };
  return module.default ?? module;
}

/**
 * client-node builds a new undici Agent for every request, so every call
 * opens a new TLS connection. One Agent per distinct TLS setting of a
 * context keeps connections alive across calls; a rotated client
 * certificate yields new settings and so a new Agent.
 */
export class DispatcherCache {
  readonly #agents = new Map<string, Dispatcher>();

  /** The dispatcher for these TLS settings, or undefined for Node's default (plain HTTP without options). */
  async get(config: KubeConfig, cluster: Cluster | null, tls: AgentOptions): Promise<Dispatcher | undefined> {
    const options = config.createDispatcherOptions(cluster, tls);
    if (options.type === 'none') return undefined;
    if (options.type === 'socks') throw new TypeError('SOCKS proxies are not supported by this server');
    const key = createHash('sha256').update(JSON.stringify(options)).digest('hex');
    let agent = this.#agents.get(key);
    if (agent === undefined) {
      const { Agent, ProxyAgent } = await loadUndici();
      agent =
        options.type === 'proxy'
          ? new ProxyAgent({ uri: options.uri, requestTls: options.requestTls, connect: options.connect })
          : new Agent({ connect: options.connect });
      this.#agents.set(key, agent);
    }
    return agent;
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    await Promise.all(agents.map((agent) => agent.close()));
  }
}
