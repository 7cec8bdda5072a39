import { type ServerMode } from '@infra-mcp/core';
import { connectClient, type ConnectOptions, type TestClient } from '@infra-mcp/core/testing';
import {
  startFakeKubeApiServer,
  type FakeKubeApiServer,
  type FakeKubeApiServerOptions,
} from '@infra-mcp/fake-kube-apiserver';
import { createKubernetesServer, type CreateKubernetesServerOptions } from '../../src/index.js';

/** A tool result as a test reads it. */
export interface Result {
  isError: boolean;
  text: string;
  structured: Record<string, unknown>;
  /** Everything the model could see: the text and the structured content, as one string. */
  all: string;
}

/** A connected MCP client over a Kubernetes server over a fake cluster. */
export interface Session extends AsyncDisposable {
  client: TestClient['client'];
  call(name: string, args?: Record<string, unknown>): Promise<Result>;
}

/** Starts a fake API server with an admin and a namespace-limited viewer. */
export async function startCluster(options: FakeKubeApiServerOptions = {}): Promise<FakeKubeApiServer> {
  return startFakeKubeApiServer({
    users: [
      { name: 'admin', token: 'admin-token-0123456789' },
      {
        name: 'viewer',
        token: 'viewer-token-0123456789',
        rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'], namespaces: ['default'] }],
      },
    ],
    ...options,
  });
}

/** Builds the server over the fake's kubeconfig and connects a real MCP client to it. */
export async function connect(
  cluster: FakeKubeApiServer,
  options: Partial<CreateKubernetesServerOptions> & { mode?: ServerMode; connect?: ConnectOptions } = {},
): Promise<Session> {
  const { connect: connectOptions, ...serverOptions } = options;
  const server = createKubernetesServer({
    source: { kind: 'files', paths: [cluster.kubeconfigPath] },
    rateLimits: false,
    ...serverOptions,
  });
  const session = await connectClient(server, connectOptions);
  return {
    client: session.client,
    call: async (name, args = {}) => {
      const result = await session.client.callTool({ name, arguments: args });
      const text = (result.content as { type: string; text?: string }[]).map((block) => block.text ?? '').join('\n');
      const structured = (result.structuredContent ?? {}) as Record<string, unknown>;
      return { isError: result.isError === true, text, structured, all: `${text}\n${JSON.stringify(structured)}` };
    },
    [Symbol.asyncDispose]: async () => {
      await session.close();
      await server.close();
    },
  };
}

/** A Deployment manifest object. */
export function deployment(
  name: string,
  namespace: string,
  image = 'nginx:1.27',
  replicas = 2,
): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

/** Creates a namespace as the system. */
export function createNamespace(cluster: FakeKubeApiServer, name: string): void {
  cluster.objects.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}
