import { describe, expect, it } from 'vitest';
import { MetricRegistry } from '../../src/metrics.js';
import { parseExposition, valueOf } from './exposition-parser.js';

describe('the metric registry', () => {
  it('renders nothing at all when nothing is registered', () => {
    expect(new MetricRegistry().render()).toBe('');
  });

  it('escapes backslashes and line feeds in HELP text so the line cannot be split', () => {
    const registry = new MetricRegistry();
    registry.gauge({ name: 'odd_help', help: 'Path C:\\temp\nsecond line' }).labels().set(1);
    const text = registry.render();
    expect(text).toContain('# HELP odd_help Path C:\\\\temp\\nsecond line\n');
    expect(parseExposition(text).get('odd_help')?.help).toBe('Path C:\\temp\nsecond line');
  });

  it('escapes quotes, backslashes and line feeds in label values and they read back unchanged', () => {
    const registry = new MetricRegistry();
    const hostile = 'a"b\\c\nd} 1\nfake_metric 99';
    registry
      .counter({ name: 'things_total', help: 'Things.', labelNames: ['name'] })
      .labels(hostile)
      .add(2);
    const families = parseExposition(registry.render());
    expect(families.has('fake_metric')).toBe(false);
    expect(valueOf(families, 'things_total', { name: hostile })).toBe(2);
  });

  it('writes histogram buckets cumulatively, ending in +Inf equal to the count', () => {
    const registry = new MetricRegistry();
    const series = registry.histogram({ name: 'wait_seconds', help: 'Waits.', buckets: [0.1, 1, 10] }).labels();
    for (const value of [0.05, 0.1, 0.5, 2, 20, 30]) series.observe(value);
    const families = parseExposition(registry.render());
    const bucket = (le: string) => valueOf(families, 'wait_seconds_bucket', { le });
    expect([bucket('0.1'), bucket('1'), bucket('10'), bucket('+Inf')]).toEqual([2, 3, 4, 6]);
    expect(valueOf(families, 'wait_seconds_count')).toBe(6);
    expect(valueOf(families, 'wait_seconds_sum')).toBeCloseTo(52.65);
  });

  it('counts an observation exactly on a bound in that bound’s bucket, as le means less or equal', () => {
    const registry = new MetricRegistry();
    registry
      .histogram({ name: 'edge_seconds', help: 'Edges.', buckets: [1, 2] })
      .labels()
      .observe(1);
    expect(valueOf(parseExposition(registry.render()), 'edge_seconds_bucket', { le: '1' })).toBe(1);
  });

  it('leaves out labels whose value is empty', () => {
    const registry = new MetricRegistry();
    registry
      .counter({ name: 'calls_total', help: 'Calls.', labelNames: ['tool', 'error_type'] })
      .labels('t', '')
      .add();
    expect(registry.render()).toContain('calls_total{tool="t"} 1\n');
  });

  it('never lets a counter go down', () => {
    const registry = new MetricRegistry();
    const series = registry.counter({ name: 'up_total', help: 'Up.' }).labels();
    series.add(3);
    series.add(-5);
    expect(series.value).toBe(3);
  });

  it('merges label sets beyond the series limit into one overflow series and says so once', () => {
    const overflowed: string[] = [];
    const registry = new MetricRegistry({ maxSeriesPerFamily: 3, onOverflow: (name) => overflowed.push(name) });
    const family = registry.counter({ name: 'names_total', help: 'Names.', labelNames: ['name'] });
    for (let index = 0; index < 10; index++) family.labels(`name-${index}`).add();
    const families = parseExposition(registry.render());
    expect(families.get('names_total')?.samples).toHaveLength(4);
    expect(valueOf(families, 'names_total', { otel_metric_overflow: 'true' })).toBe(7);
    expect(overflowed).toEqual(['names_total']);
  });

  it('refuses names Prometheus would reject, counters without _total and unsorted buckets', () => {
    const registry = new MetricRegistry();
    expect(() => registry.gauge({ name: 'bad-name', help: 'x' })).toThrow(/not a valid metric name/);
    expect(() => registry.gauge({ name: 'ok', help: 'x', labelNames: ['__reserved'] })).toThrow(/label name/);
    expect(() => registry.gauge({ name: 'ok2', help: 'x', labelNames: ['le'] })).toThrow(/label name/);
    expect(() => registry.counter({ name: 'requests', help: 'x' })).toThrow(/_total/);
    expect(() => registry.histogram({ name: 'h', help: 'x', buckets: [1, 1] })).toThrow(/increasing/);
    registry.gauge({ name: 'twice', help: 'x' });
    expect(() => registry.gauge({ name: 'twice', help: 'x' })).toThrow(/already registered/);
  });

  it('refuses a label set of the wrong length', () => {
    const family = new MetricRegistry().counter({ name: 'pairs_total', help: 'x', labelNames: ['a', 'b'] });
    expect(() => family.labels('only-one')).toThrow(/takes labels a, b/);
  });
});
