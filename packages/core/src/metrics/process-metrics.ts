import { existsSync, readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MetricRegistry } from './registry.js';

const lagResolutionMs = 20;

/**
 * Registers the process metrics every Prometheus client library exports (CPU,
 * resident memory, start time, open file descriptors) plus Node's heap and
 * event-loop delay, under the names prom-client uses so existing dashboards
 * and alerts work. All are read at scrape time; none costs anything per call.
 * Returns a function that stops the event-loop monitor.
 */
export function registerProcessMetrics(registry: MetricRegistry): () => void {
  const refreshers = [cpuMetrics(registry), memoryMetrics(registry), fdMetrics(registry)];
  const stopLag = eventLoopMetrics(registry);
  registry
    .gauge({ name: 'process_start_time_seconds', help: 'Start time of the process since unix epoch in seconds.' })
    .labels()
    .set(Math.round(performance.timeOrigin) / 1000);
  registry.onCollect(() => {
    for (const refresh of refreshers) refresh();
  });
  return stopLag;
}

function cpuMetrics(registry: MetricRegistry): () => void {
  const user = registry
    .counter({ name: 'process_cpu_user_seconds_total', help: 'Total user CPU time spent in seconds.' })
    .labels();
  const system = registry
    .counter({ name: 'process_cpu_system_seconds_total', help: 'Total system CPU time spent in seconds.' })
    .labels();
  const total = registry
    .counter({ name: 'process_cpu_seconds_total', help: 'Total user and system CPU time spent in seconds.' })
    .labels();
  return () => {
    const usage = process.cpuUsage();
    // Counters mirror the kernel's own monotonic totals: add what grew since the last scrape.
    user.add(usage.user / 1e6 - user.value);
    system.add(usage.system / 1e6 - system.value);
    total.add((usage.user + usage.system) / 1e6 - total.value);
  };
}

function memoryMetrics(registry: MetricRegistry): () => void {
  const gauge = (name: string, help: string) => registry.gauge({ name, help }).labels();
  const resident = gauge('process_resident_memory_bytes', 'Resident memory size in bytes.');
  const heapTotal = gauge('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.');
  const heapUsed = gauge('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.');
  const external = gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.');
  return () => {
    const usage = process.memoryUsage();
    resident.set(usage.rss);
    heapTotal.set(usage.heapTotal);
    heapUsed.set(usage.heapUsed);
    external.set(usage.external);
  };
}

function fdMetrics(registry: MetricRegistry): () => void {
  // /proc is Linux-only; elsewhere the metric is left out rather than reported as zero.
  if (!existsSync('/proc/self/fd')) return () => {};
  const open = registry.gauge({ name: 'process_open_fds', help: 'Number of open file descriptors.' }).labels();
  return () => {
    try {
      // One entry is the descriptor readdir itself holds open while listing.
      open.set(readdirSync('/proc/self/fd').length - 1);
    } catch {
      open.set(Number.NaN);
    }
  };
}

function eventLoopMetrics(registry: MetricRegistry): () => void {
  const monitor = monitorEventLoopDelay({ resolution: lagResolutionMs });
  monitor.enable();
  const lag = (name: string, help: string) => registry.gauge({ name, help }).labels();
  const p50 = lag(
    'nodejs_eventloop_lag_p50_seconds',
    'The 50th percentile of the event loop delay since the last scrape.',
  );
  const p99 = lag(
    'nodejs_eventloop_lag_p99_seconds',
    'The 99th percentile of the event loop delay since the last scrape.',
  );
  const max = lag('nodejs_eventloop_lag_max_seconds', 'The largest event loop delay since the last scrape.');
  // The monitor reports the whole interval between its timer ticks; the lag is what exceeds the resolution.
  const seconds = (nanoseconds: number): number => Math.max(0, nanoseconds / 1e9 - lagResolutionMs / 1000);
  registry.onCollect(() => {
    if (monitor.count === 0) return;
    p50.set(seconds(monitor.percentile(50)));
    p99.set(seconds(monitor.percentile(99)));
    max.set(seconds(monitor.max));
    monitor.reset();
  });
  return () => monitor.disable();
}
