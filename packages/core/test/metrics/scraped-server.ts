import type { Client } from '@modelcontextprotocol/client';
import { silentLogger, type Metrics, type Middleware, type ServerOptions } from '../../src/index.js';
import { createMetrics, metricsMiddleware, startMetricsServer } from '../../src/metrics.js';
import { connectClient } from '../../src/testing/index.js';
import { createDemoServer } from '../fixtures/demo-server.js';
import { parseExposition, type MetricFamily } from './exposition-parser.js';

/** A demo server behind a real MCP client, with metrics served over HTTP; dispose it with `await using`. */
export interface ScrapedServer extends AsyncDisposable {
  readonly client: Client;
  readonly metrics: Metrics;
  readonly url: string;
  /** Fetches /metrics over HTTP and returns the raw text. */
  scrapeText(): Promise<string>;
  /** Fetches /metrics and parses it strictly. */
  scrape(): Promise<Map<string, MetricFamily>>;
}

/** Options for {@link startScrapedServer}. */
export interface ScrapedServerOptions extends Omit<ServerOptions, 'outerMiddleware' | 'innerMiddleware'> {
  era?: 'legacy' | 'modern';
  store?: Map<string, string>;
  /** Built with the metrics object, so a test limiter can report its decisions. */
  innerMiddleware?: (metrics: Metrics) => Middleware[];
}

/** Starts the demo server with {@link metricsMiddleware} outermost, a metrics endpoint, and a connected client. */
export async function startScrapedServer(options: ScrapedServerOptions = {}): Promise<ScrapedServer> {
  const { era = 'legacy', store = new Map([['a', 'one']]), innerMiddleware, ...serverOptions } = options;
  const metrics = createMetrics({ transport: 'pipe' });
  const server = createDemoServer(store, {
    ...serverOptions,
    outerMiddleware: [metricsMiddleware(metrics)],
    innerMiddleware: innerMiddleware?.(metrics) ?? [],
  });
  const endpoint = await startMetricsServer({ metrics, host: '127.0.0.1', port: 0, log: silentLogger });
  const session = await connectClient(server, { era });
  const scrapeText = async (): Promise<string> => {
    const response = await fetch(endpoint.url);
    if (response.status !== 200) throw new Error(`scrape answered ${response.status}`);
    return response.text();
  };
  return {
    client: session.client,
    metrics,
    url: endpoint.url,
    scrapeText,
    scrape: async () => parseExposition(await scrapeText()),
    [Symbol.asyncDispose]: async () => {
      await session.close();
      await endpoint.close();
      metrics.close();
    },
  };
}
