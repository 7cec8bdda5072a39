import { describe, expect, it } from 'vitest';
import { createAccessPolicy } from '../src/client/access-policy.js';
import { parseRequestInfo } from '../src/client/request-info.js';

const info = (method: string, path: string) => parseRequestInfo(method, new URL(path, 'https://cluster.test'));

describe('reading a request the way the API server does', () => {
  it('finds verb, group, resource, namespace, name and subresource', () => {
    expect(info('GET', '/apis/apps/v1/namespaces/shop/deployments/web/scale')).toMatchObject({
      verb: 'get',
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      namespace: 'shop',
      name: 'web',
      subresource: 'scale',
    });
    expect(info('GET', '/api/v1/pods?limit=5')).toMatchObject({ verb: 'list', resource: 'pods', namespace: '' });
    expect(info('DELETE', '/api/v1/namespaces/shop/configmaps')).toMatchObject({ verb: 'deletecollection' });
    expect(info('PATCH', '/api/v1/namespaces/shop/pods/p?dryRun=All')).toMatchObject({ verb: 'patch', dryRun: true });
  });

  it('treats a Namespace object as touching that namespace', () => {
    expect(info('GET', '/api/v1/namespaces/vault')).toMatchObject({
      resource: 'namespaces',
      name: 'vault',
      namespace: 'vault',
    });
    expect(info('PUT', '/api/v1/namespaces/vault/finalize')).toMatchObject({
      resource: 'namespaces',
      subresource: 'finalize',
      namespace: 'vault',
    });
  });
});

describe('the access policy', () => {
  const policy = createAccessPolicy({
    mode: 'write',
    namespaces: ['team-*'],
    deniedNamespaces: ['team-secret'],
    deniedResources: ['*.rbac.authorization.k8s.io', 'secrets'],
    exec: false,
    portForward: false,
  });

  it('allows namespaces by pattern, with the deny list winning', () => {
    expect(policy.namespaceAllowed('team-a')).toBe(true);
    expect(policy.namespaceAllowed('team-secret')).toBe(false);
    expect(policy.namespaceAllowed('default')).toBe(false);
  });

  it('refuses denied resources and whole denied groups, subresources included', () => {
    expect(() => policy.check(info('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles'))).toThrow(
      /clusterroles.rbac.authorization.k8s.io is denied/,
    );
    expect(() => policy.check(info('GET', '/api/v1/namespaces/team-a/secrets/s'))).toThrow(/secrets is denied/);
    expect(() => policy.check(info('GET', '/api/v1/namespaces/team-a/pods/p/log'))).not.toThrow();
  });

  it('classes requests by what they would do: dry runs and reviews read, evictions and deletes destroy', () => {
    expect(policy.classOf(info('PATCH', '/api/v1/namespaces/team-a/pods/p?dryRun=All'))).toBe('read');
    expect(policy.classOf(info('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'))).toBe('read');
    expect(policy.classOf(info('POST', '/api/v1/namespaces/team-a/pods/p/eviction'))).toBe('destructive');
    expect(() => policy.check(info('DELETE', '/api/v1/namespaces/team-a/pods/p'))).toThrow(/server runs in write mode/);
    expect(() => policy.check(info('POST', '/version'))).toThrow(/is not a read/);
  });
});
