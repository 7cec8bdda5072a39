import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubeApiServer, startFakeKubeApiServer } from '../src/index.js';
import { type Kubectl, kubectlFor } from './support/kubectl.js';

let server: FakeKubeApiServer;
let kubectl: Kubectl;
let viewerConfig: string;

beforeAll(async () => {
  server = await startFakeKubeApiServer({
    users: [
      { name: 'admin', token: 'admin-token', groups: ['system:masters'] },
      {
        name: 'viewer',
        token: 'viewer-token',
        groups: ['viewers'],
        rules: [
          {
            verbs: ['get', 'list', 'watch'],
            apiGroups: ['', 'apps'],
            resources: ['pods', 'pods/log', 'deployments', 'configmaps'],
            namespaces: ['default'],
          },
          { verbs: ['get', 'list'], apiGroups: [''], resources: ['namespaces'] },
        ],
      },
    ],
  });
  kubectl = kubectlFor(server);
  viewerConfig = server.kubeconfigFor('viewer');
});

afterAll(async () => {
  // Every suite doubles as a check that the controllers never failed behind the scenes.
  expect(server.controllerErrors()).toEqual([]);
  kubectl.dispose();
  await server.close();
});

const widgetsCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: string, jsonPath: .spec.size}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What the widget should be.
            properties:
              size: {type: string, description: How big the widget is.}
              tags: {type: array, items: {type: string}, x-kubernetes-list-type: set}
`;

describe('kubectl against the fake: identity and RBAC', () => {
  it('answers auth whoami and can-i from the configured users and rules', async () => {
    expect(
      await kubectl.ok(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { kubeconfig: viewerConfig }),
    ).toBe('viewer');
    expect(
      (
        await kubectl.run(['auth', 'can-i', 'list', 'pods', '-n', 'default'], { kubeconfig: viewerConfig })
      ).stdout.trim(),
    ).toBe('yes');
    const secrets = await kubectl.run(['auth', 'can-i', 'list', 'secrets', '-n', 'default'], {
      kubeconfig: viewerConfig,
    });
    expect(secrets.stdout.trim()).toBe('no');
    expect(secrets.code).toBe(1);
    expect(
      (
        await kubectl.run(['auth', 'can-i', 'list', 'pods', '-n', 'kube-system'], { kubeconfig: viewerConfig })
      ).stdout.trim(),
    ).toBe('no');
    expect((await kubectl.run(['auth', 'can-i', 'delete', 'nodes'])).stdout.trim()).toBe('yes');
  });

  it('refuses what the rules do not grant with the real Forbidden message', async () => {
    const secrets = await kubectl.run(['get', 'secrets', '-n', 'default'], { kubeconfig: viewerConfig });
    expect(secrets.code).not.toBe(0);
    expect(secrets.stderr).toContain(
      'Error from server (Forbidden): secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" in the namespace "default"',
    );
    const write = await kubectl.run(['create', 'configmap', 'nope', '-n', 'default', '--from-literal=a=b'], {
      kubeconfig: viewerConfig,
    });
    expect(write.stderr).toContain(
      'configmaps is forbidden: User "viewer" cannot create resource "configmaps" in API group "" in the namespace "default"',
    );
    expect(
      await kubectl.ok(['get', 'configmaps', '-n', 'default', '-o', 'name'], { kubeconfig: viewerConfig }),
    ).toContain('configmap/kube-root-ca.crt');
  });

  it('rejects an unknown token with 401', async () => {
    const broken = JSON.parse(JSON.stringify(server.kubeconfig)) as { users: { user: { token: string } }[] };
    broken.users[0]!.user.token = 'not-a-token';
    const { writeFileSync } = await import('node:fs');
    const path = `${server.kubeconfigPath}.broken.json`;
    writeFileSync(path, JSON.stringify(broken));
    const result = await kubectl.run(['get', 'pods'], { kubeconfig: path });
    expect(result.stderr).toMatch(/Unauthorized|You must be logged in to the server/);
  });
});

describe('kubectl against the fake: custom resources', () => {
  it('serves a new kind once its CRD is created: discovery, tables with printer columns, explain', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: widgetsCrd });
    await kubectl.ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
    expect(await kubectl.ok(['api-resources', '--api-group=example.com', '--no-headers'])).toMatch(
      /widgets\s+wd\s+example\.com\/v1\s+true\s+Widget/,
    );
    await kubectl.ok(['apply', '-f', '-'], {
      stdin:
        'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: gear, namespace: default}\nspec: {size: large, tags: [a]}\n',
    });
    expect(await kubectl.ok(['get', 'wd'])).toMatch(/NAME\s+SIZE\s+AGE\ngear\s+large\s+\d+s/);
    const explained = await kubectl.ok(['explain', 'widgets.spec']);
    expect(explained).toContain('What the widget should be.');
    expect(explained).toMatch(/size\t<string>\n\s+How big the widget is\./);
  });

  it('patches custom resources with merge and apply but refuses strategic merge like the real server', async () => {
    await kubectl.ok(['patch', 'widget', 'gear', '--type=merge', '-p', '{"spec":{"size":"small"}}']);
    const strategic = await kubectl.run(['patch', 'widget', 'gear', '-p', '{"spec":{"size":"tiny"}}']);
    expect(strategic.stderr).toContain('strategic-merge-patch');
    // Two appliers share a set-typed list: each owns its items, the list is their union.
    const cog = (manager: string, spec: string) =>
      kubectl.ok(['apply', '--server-side', `--field-manager=${manager}`, '-f', '-'], {
        stdin: `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: cog, namespace: default}\nspec: ${spec}\n`,
      });
    await cog('base', '{size: small, tags: [a]}');
    await cog('tags', '{tags: [b]}');
    expect(server.objects.get('example.com/v1', 'Widget', 'default', 'cog')?.spec).toEqual({
      size: 'small',
      tags: ['a', 'b'],
    });
    await cog('base', '{size: small}');
    expect(server.objects.get('example.com/v1', 'Widget', 'default', 'cog')?.spec).toEqual({
      size: 'small',
      tags: ['b'],
    });
    const wrongType = await kubectl.run(['patch', 'widget', 'cog', '--type=merge', '-p', '{"spec":{"size":3}}']);
    expect(wrongType.stderr).toContain(
      'The Widget "cog" is invalid: spec.size: Invalid value: "integer": spec.size in body must be of type string: 3',
    );
  });

  it('removes the kind and its objects when the CRD is deleted', async () => {
    await kubectl.ok(['delete', 'crd', 'widgets.example.com']);
    const gone = await kubectl.run(['get', 'widgets.example.com']);
    expect(gone.code).not.toBe(0);
    expect(await kubectl.ok(['api-resources', '--api-group=example.com', '--no-headers'])).toBe('');
  });
});
