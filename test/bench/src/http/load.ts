// A load generator in its own process: keeps `inFlight` requests open
// against one URL for `seconds`, each a fresh tools/call, and prints calls/s
// and latency percentiles (ms) as JSON. Plain node:http with keep-alive.
import { Agent, request } from 'node:http';

const [url, inFlightText, secondsText, era, key] = process.argv.slice(2);
const inFlight = Number(inFlightText);
const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
const target = new URL(url!);
let id = 0;

function body(): string {
  id++;
  const params: Record<string, unknown> = { name: 'echo', arguments: { x: 'a' } };
  if (era === 'modern') {
    params._meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'load', version: '0' },
      'io.modelcontextprotocol/clientCapabilities': {},
    };
  }
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params });
}

const headers: Record<string, string> = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};
if (era === 'modern')
  Object.assign(headers, { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'echo' });
if (key !== undefined && key !== '') headers.authorization = `Bearer ${key}`;

function call(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          res.statusCode === 200 && text.includes('"result"') && !text.includes('"isError":true')
            ? resolve()
            : reject(new Error(`${res.statusCode} ${text.slice(0, 300)}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body());
  });
}

const latencies: number[] = [];
const run = async (durationMs: number, record: boolean): Promise<number> => {
  const deadline = performance.now() + durationMs;
  let done = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await call();
        if (record) latencies.push(performance.now() - started);
        done++;
      }
    }),
  );
  return done;
};
await run(1000, false);
const started = performance.now();
const done = await run(Number(secondsText) * 1000, true);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
process.stdout.write(`${JSON.stringify({ callsPerSecond: done / elapsed, p50: at(50), p99: at(99) })}\n`);
agent.destroy();
