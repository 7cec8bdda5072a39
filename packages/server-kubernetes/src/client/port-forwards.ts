import { ToolError } from '@infra-mcp/core';
import { createServer, type Server, type Socket } from 'node:net';
import type { KubeClient } from './kube-client.js';

/** One open forward: a listener on 127.0.0.1 tunnelling to a pod port. */
export interface ForwardInfo {
  id: string;
  local: string;
  target: string;
  context: string;
  connections: number;
}

interface Forward {
  info: Omit<ForwardInfo, 'connections'>;
  server: Server;
  sockets: Set<Socket>;
}

/** The forwards this process holds open; closed when the server shuts down. */
export class PortForwards {
  readonly #forwards = new Map<string, Forward>();
  #next = 1;

  /** Opens 127.0.0.1:`localPort` (0 picks one) and tunnels each connection to the pod port through the guard. */
  async start(
    client: KubeClient,
    target: { namespace: string; pod: string; port: number; localPort: number },
  ): Promise<ForwardInfo> {
    const { portForward } = await client.streams();
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      portForward
        .portForward(target.namespace, target.pod, [target.port], socket, null, socket)
        .catch(() => socket.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new ToolError('CONFLICT', `Cannot listen on 127.0.0.1:${target.localPort}: ${error.code ?? error.message}.`, {
            hint: 'Pass localPort 0 to pick a free port.',
          }),
        ),
      );
      server.listen(target.localPort, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : target.localPort;
    const id = `pf-${this.#next++}`;
    const info = {
      id,
      local: `127.0.0.1:${port}`,
      target: `${target.namespace}/${target.pod}:${target.port}`,
      context: client.context,
    };
    this.#forwards.set(id, { info, server, sockets });
    return { ...info, connections: 0 };
  }

  /** The open forwards. */
  list(): ForwardInfo[] {
    return [...this.#forwards.values()].map((forward) => ({ ...forward.info, connections: forward.sockets.size }));
  }

  /** Closes one forward and its connections; false when there is none by that id. */
  async stop(id: string): Promise<boolean> {
    const forward = this.#forwards.get(id);
    if (forward === undefined) return false;
    this.#forwards.delete(id);
    for (const socket of forward.sockets) socket.destroy();
    await new Promise<void>((resolve) => forward.server.close(() => resolve()));
    return true;
  }

  /** Closes every forward. */
  async close(): Promise<void> {
    await Promise.all([...this.#forwards.keys()].map((id) => this.stop(id)));
  }
}
