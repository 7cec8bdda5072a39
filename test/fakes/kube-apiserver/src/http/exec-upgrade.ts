import { type IncomingMessage } from 'node:http';
import { type Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type ServerContext } from './context.js';
import { authenticate } from './authenticate.js';
import { parseRequestPath } from './request-info.js';
import { ApiError, badRequest, forbidden, pathNotFound } from '../api/errors.js';
import { userAllows } from '../auth/users.js';
import { type ExecResult } from '../exec/exec-handler.js';
import { resolveContainer } from '../logs/pod-logs.js';
import { type JsonObject, asArray, asObject, getIn, isObject } from '../util/object.js';

/** The remote-command subprotocols served, newest first (v5 adds the stdin-close signal). */
const protocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const stdoutChannel = 1;
const stderrChannel = 2;
const errorChannel = 3;
const closeChannel = 255;

interface ExecTarget {
  pod: JsonObject;
  namespace: string;
  container: string;
  command: string[];
  query: URLSearchParams;
}

function target(context: ServerContext, request: IncomingMessage): ExecTarget {
  const url = new URL(request.url ?? '/', 'http://fake');
  const user = authenticate(context, request);
  const parsed = parseRequestPath('POST', url.pathname, false);
  if (parsed.kind !== 'resource' || parsed.request.resource !== 'pods' || parsed.request.subresource !== 'exec')
    throw pathNotFound();
  const { namespace, name } = parsed.request;
  const attributes = { verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace, name };
  if (!userAllows(user, attributes))
    throw forbidden({ resource: 'pods/exec', group: '', name }, user.name, 'create', namespace);
  const type = context.registry.find('', 'v1', 'pods');
  if (type === undefined) throw pathNotFound();
  const pod = context.service.get(type, namespace, name);
  const container = resolveContainer(pod, url.searchParams.get('container') ?? undefined);
  const status = asArray(getIn(pod, ['status', 'containerStatuses']))
    .map(asObject)
    .find((entry) => entry.name === container);
  if (!isObject(getIn(status, ['state', 'running'])))
    throw badRequest(`unable to upgrade connection: container not found ("${container}")`);
  const command = url.searchParams.getAll('command');
  if (command.length === 0) throw badRequest('you must specify at least 1 command');
  return { pod, namespace, container, command, query: url.searchParams };
}

function statusOf(result: ExecResult, command: string[]): JsonObject {
  const exitCode = result.exitCode ?? 0;
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

function frame(channel: number, text: string): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.from(text, 'utf8')]);
}

async function run(context: ServerContext, socket: WebSocket, exec: ExecTarget, stdin: string): Promise<void> {
  const result = await context.exec.handler({
    namespace: exec.namespace,
    pod: exec.pod,
    container: exec.container,
    command: exec.command,
    stdin,
  });
  if (exec.query.get('stdout') !== 'false' && result.stdout) socket.send(frame(stdoutChannel, result.stdout));
  if (exec.query.get('stderr') !== 'false' && result.stderr) socket.send(frame(stderrChannel, result.stderr));
  socket.send(frame(errorChannel, JSON.stringify(statusOf(result, exec.command))));
  socket.close(1000);
}

function serve(context: ServerContext, socket: WebSocket, exec: ExecTarget): void {
  const wantsStdin = exec.query.get('stdin') === 'true' && socket.protocol === 'v5.channel.k8s.io';
  if (!wantsStdin) {
    void run(context, socket, exec, '');
    return;
  }
  let stdin = '';
  socket.on('message', (data: Buffer) => {
    if (data[0] === 0) stdin += data.subarray(1).toString('utf8');
    // v5: [255, 0] says the client closed stdin, so the command may run.
    if (data[0] === closeChannel && data[1] === 0) void run(context, socket, exec, stdin);
  });
}

function refuse(socket: Duplex, error: unknown): void {
  const apiError = error instanceof ApiError ? error : new ApiError(500, 'InternalError', String(error));
  const body = JSON.stringify(apiError.toStatus());
  socket.end(
    `HTTP/1.1 ${apiError.code} ${apiError.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Serves pods/exec over WebSocket (v5/v4.channel.k8s.io), what kubectl exec and client-node's Exec speak. */
export function createExecUpgrade(
  context: ServerContext,
): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const server = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => protocols.find((p) => offered.has(p)) ?? false,
  });
  return (request, socket, head) => {
    let exec: ExecTarget;
    try {
      exec = target(context, request);
    } catch (error) {
      refuse(socket, error);
      return;
    }
    server.handleUpgrade(request, socket, head, (ws) => serve(context, ws, exec));
  };
}
