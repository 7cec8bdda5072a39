import { ConfigError } from '@infra-mcp/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKubernetesConfig } from '../src/index.js';

const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kcfg-')), 'config');
writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
const home = mkdtempSync(join(tmpdir(), 'home-'));

describe('Kubernetes settings', () => {
  it('reads KUBECONFIG and the INFRA_MCP_KUBERNETES_* variables over the config file section', () => {
    const config = loadKubernetesConfig({
      env: {
        HOME: home,
        KUBECONFIG: kubeconfig,
        INFRA_MCP_KUBERNETES_DENIED_NAMESPACES: 'kube-system, vault-*',
        INFRA_MCP_KUBERNETES_EXEC: 'true',
      },
      section: { deniedNamespaces: ['ignored'], deniedResources: ['secrets'], contexts: ['prod'] },
      embedded: false,
    });
    expect(config).toMatchObject({
      source: { kind: 'files', paths: [kubeconfig] },
      deniedNamespaces: ['kube-system', 'vault-*'],
      deniedResources: ['secrets'],
      contexts: ['prod'],
      exec: true,
      portForward: false,
      fieldManager: 'infra-mcp',
    });
  });

  it('offers port-forward over stdio only', () => {
    const env = { HOME: home, KUBECONFIG: kubeconfig, INFRA_MCP_KUBERNETES_PORT_FORWARD: '1' };
    expect(loadKubernetesConfig({ env, section: undefined, embedded: false }).portForward).toBe(true);
    const served = loadKubernetesConfig({ env, section: undefined, embedded: true });
    expect(served).toMatchObject({ portForward: false, portForwardRefused: true });
  });

  it('names the setting and the fix when a value is wrong', () => {
    expect(() =>
      loadKubernetesConfig({
        env: { HOME: home, KUBECONFIG: kubeconfig },
        section: { deniedResources: ['Secret'] },
        embedded: false,
      }),
    ).toThrow(/deniedResources\.0: a plural resource name as kubectl api-resources shows it/);
    expect(() =>
      loadKubernetesConfig({
        env: { HOME: home, KUBECONFIG: kubeconfig, INFRA_MCP_KUBERNETES_EXEC: 'maybe' },
        section: {},
        embedded: false,
      }),
    ).toThrow(ConfigError);
  });

  it('fails at start over stdio without a kubeconfig, but starts embedded and explains on each call', () => {
    const env = { HOME: home };
    expect(() => loadKubernetesConfig({ env, section: undefined, embedded: false })).toThrow(
      /no kubeconfig found: set KUBECONFIG/,
    );
    expect(() =>
      loadKubernetesConfig({ env: { HOME: home, KUBECONFIG: '/nope' }, section: undefined, embedded: false }),
    ).toThrow(/KUBECONFIG=\/nope names no existing file/);
    expect(loadKubernetesConfig({ env, section: undefined, embedded: true }).source).toBeUndefined();
  });
});
