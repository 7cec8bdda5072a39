import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpHandler, InMemoryTransport, type AuthInfo } from '@modelcontextprotocol/server';
import { localPrincipal, type Principal } from '../principal.js';
import type { InfraServer } from '../server.js';

/** Options for {@link connectClient}. */
export interface ConnectOptions {
  /** `legacy`: the 2025 `initialize` handshake over an in-memory pair; `modern`: 2026-07-28 over in-process HTTP. */
  era?: 'legacy' | 'modern';
  principal?: Principal;
  /** Client capabilities to declare (e.g. `{ roots: {} }`, `{ elicitation: { form: {} } }`). */
  capabilities?: ConstructorParameters<typeof Client>[1] extends infer O
    ? O extends { capabilities?: infer C }
      ? C
      : never
    : never;
  /** Runs on the client before it connects, e.g. to register an `elicitation/create` handler. */
  prepare?: (client: Client) => void;
}

/** A connected test client; dispose it with `await using` or `close()`. */
export interface TestClient extends AsyncDisposable {
  readonly client: Client;
  close(): Promise<void>;
}

/** Connects a real MCP client to a built server in process, in either protocol era. */
export async function connectClient(server: InfraServer, options: ConnectOptions = {}): Promise<TestClient> {
  const principal = options.principal ?? localPrincipal;
  const era = options.era ?? 'legacy';
  const client = new Client(
    { name: 'infra-mcp-test', version: '0.0.0' },
    {
      ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
      ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
    },
  );
  options.prepare?.(client);
  let closeServer = async (): Promise<void> => {};
  if (era === 'legacy') {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const instance = server.createInstance({ principal, era: 'legacy' });
    await instance.connect(serverSide);
    await client.connect(clientSide);
    closeServer = () => instance.close();
  } else {
    const authInfo: AuthInfo = { token: '', clientId: principal.id, scopes: [] };
    const handler = createMcpHandler(({ era: requestEra }) => server.createInstance({ principal, era: requestEra }));
    const transport = new StreamableHTTPClientTransport(new URL('http://in-process.test/mcp'), {
      fetch: (url, init) => handler.fetch(new Request(url, init), { authInfo }),
    });
    await client.connect(transport);
    closeServer = () => handler.close();
  }
  const close = async (): Promise<void> => {
    await client.close();
    await closeServer();
  };
  return { client, close, [Symbol.asyncDispose]: close };
}
