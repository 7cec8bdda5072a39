import { Client } from '@modelcontextprotocol/client';
import {
  InMemoryTransport,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  Server,
} from '@modelcontextprotocol/server';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';

// patches/@modelcontextprotocol__server@2.4.0.patch makes each of these guards look
// for the member its strict schema requires before it runs the schema. The
// answers must not change; these are the cases where a shortcut could change one.
const cases: [string, unknown, [request: boolean, notification: boolean, result: boolean, error: boolean]][] = [
  ['a request', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } }, [true, false, false, false]],
  ['a request with a string id', { jsonrpc: '2.0', id: 'a', method: 'ping' }, [true, false, false, false]],
  ['a notification', { jsonrpc: '2.0', method: 'notifications/initialized' }, [false, true, false, false]],
  ['a result', { jsonrpc: '2.0', id: 1, result: { content: [] } }, [false, false, true, false]],
  ['an error', { jsonrpc: '2.0', id: 1, error: { code: -32600, message: 'bad' } }, [false, false, false, true]],
  [
    'an error without an id',
    { jsonrpc: '2.0', error: { code: -32700, message: 'parse' } },
    [false, false, false, true],
  ],
  [
    'a request that also carries a result',
    { jsonrpc: '2.0', id: 1, method: 'ping', result: {} },
    [false, false, false, false],
  ],
  ['a request with a null id', { jsonrpc: '2.0', id: null, method: 'ping' }, [false, false, false, false]],
  ['a request with an undefined method', { jsonrpc: '2.0', id: 1, method: undefined }, [false, false, false, false]],
  ['a result of the wrong version', { jsonrpc: '1.0', id: 1, result: {} }, [false, false, false, false]],
  ['a result that is not an object', { jsonrpc: '2.0', id: 1, result: 'ok' }, [false, false, false, false]],
  ['an array', [{ jsonrpc: '2.0', id: 1, method: 'ping' }], [false, false, false, false]],
  ['null', null, [false, false, false, false]],
  ['a string', 'method', [false, false, false, false]],
];

describe('the SDK JSON-RPC guards (patched)', () => {
  it.each(cases)('answer as the schemas do for %s', (_name, message, expected) => {
    expect([
      isJSONRPCRequest(message),
      isJSONRPCNotification(message),
      isJSONRPCResultResponse(message),
      isJSONRPCErrorResponse(message),
    ]).toEqual(expected);
  });

  it('are the patched ones (an SDK upgrade drops the patch: re-measure, then re-apply or remove it)', () => {
    for (const guard of [isJSONRPCRequest, isJSONRPCNotification, isJSONRPCResultResponse, isJSONRPCErrorResponse])
      expect(String(guard)).toContain('carriesMember');
  });
});

// patches/zod@4.6.7.patch makes an array schema fill a plain [] rather than
// Array(n). Both hold the same items; the first is packed, the second holey,
// and JSON.stringify writes a holey array on its slow path, about half as fast.
describe('zod array parsing (patched)', () => {
  it('gives the same items and the same issues', () => {
    const rows = z.array(z.array(z.union([z.number(), z.string(), z.null()])));
    expect(rows.parse([[1, 'a', null], [], [2]])).toEqual([[1, 'a', null], [], [2]]);
    const failed = rows.safeParse([[1], [true, 2, {}]]);
    expect(failed.success).toBe(false);
    expect(failed.error?.issues.map((issue) => issue.path)).toEqual([
      [1, 0],
      [1, 2],
    ]);
    expect(z.array(z.string().default('x')).parse([undefined, 'y'])).toEqual(['x', 'y']);
  });

  it('copies items of an unchecked unknown or any schema as they are, holes read as undefined', () => {
    const row = [1, 'a', null, { b: [2] }];
    for (const schema of [z.array(z.unknown()), z.array(z.any())]) {
      const parsed = schema.parse(row);
      expect(parsed).toEqual(row);
      expect(parsed).not.toBe(row);
      // eslint-disable-next-line no-sparse-arrays
      const holey = schema.parse([1, , 3]);
      expect(holey).toEqual([1, undefined, 3]);
      expect(1 in holey).toBe(true);
    }
  });

  it('still runs element checks and the checks of the array itself', () => {
    const noTwos = z.array(z.unknown().refine((value) => value !== 2, 'no twos'));
    expect(noTwos.safeParse([1, 2, 3]).error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [[1], 'no twos'],
    ]);
    expect(z.array(z.unknown()).max(2).safeParse([1, 2, 3]).success).toBe(false);
    expect(z.array(z.unknown()).safeParse('not an array').success).toBe(false);
    // The first parse settles zod's cycle guard, which leaves the array's own parse in place.
    const rows = z.array(z.unknown());
    rows.parse([]);
    expect(String(rows._zod.parse)).toContain('[...input]');
  });

  it('gives packed arrays, which V8 can tell', () => {
    const script = `
      import * as z from 'zod';
      const parsed = z.array(z.array(z.unknown())).parse([[1, 'a'], [2, 'b']]);
      process.stdout.write(JSON.stringify([%HasHoleyElements(parsed), %HasHoleyElements(parsed[0])]));`;
    const output = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual([false, false]);
  });
});

// The same patch lets the SDK's tools/call wrapper hand the request it has just
// validated to the handler, rather than the handler's registration parsing it
// a second time. A bad request is still refused, with the same error.
describe('the SDK tools/call path (patched)', () => {
  async function serve(): Promise<{ client: Client; received: unknown[]; close: () => Promise<void> }> {
    const received: unknown[] = [];
    const server = new Server({ name: 'patch-check', version: '0.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler('tools/call', async (request) => {
      received.push(request);
      return { content: [{ type: 'text', text: `called ${request.params.name}` }] };
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'patch-check', version: '0.0.0' });
    await client.connect(clientSide);
    return { client, received, close: async () => (await client.close(), await server.close()) };
  }

  it('hands the handler the validated request once', async () => {
    const { client, received, close } = await serve();
    const result = await client.callTool({ name: 'echo', arguments: { a: 1 } });
    expect(result.content).toEqual([{ type: 'text', text: 'called echo' }]);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'tools/call', params: { name: 'echo', arguments: { a: 1 } } });
    await close();
  });

  it('still refuses a malformed tools/call request as invalid params', async () => {
    const { client, received, close } = await serve();
    await expect(client.request({ method: 'tools/call', params: { arguments: {} } } as never)).rejects.toMatchObject({
      code: -32602,
    });
    expect(received).toHaveLength(0);
    await close();
  });

  it('is the patched path (an SDK upgrade drops the patch: re-measure, then re-apply or remove it)', () => {
    const wrapper = Object.getOwnPropertyDescriptor(Server.prototype, '_wrapHandler')?.value as unknown;
    expect(String(wrapper)).toContain('validatedRequest.value');
    expect(String(Server.prototype.setRequestHandler)).toContain('infra-mcp patch');
  });
});
