import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ToolError, toolErrorResult } from '../../src/index.js';
import { createMetrics } from '../../src/metrics.js';
import { getValueTool } from '../fixtures/demo-server.js';
import { parseExposition } from './exposition-parser.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: { expr: string; datasource: { uid: string } }[];
}

const dashboard = JSON.parse(
  readFileSync(new URL('../../../../deploy/grafana/infra-mcp.json', import.meta.url), 'utf8'),
) as {
  schemaVersion: number;
  uid: string;
  panels: Panel[];
  templating: { list: { type: string; name: string; query: unknown; definition?: string }[] };
};
const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
const expressions = [
  ...panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
  ...dashboard.templating.list.flatMap((variable) => variable.definition ?? []),
];

/** Everything the platform exports once every recording method has been used. */
const exported = (() => {
  const metrics = createMetrics({ transport: 'tcp' });
  const tracker = metrics.trackToolCall('demo', getValueTool);
  tracker.started();
  tracker.finished(toolErrorResult(new ToolError('INTERNAL', 'x')), 0.1);
  metrics.rateLimitDecision('demo', getValueTool, 'limited');
  metrics.authFailure('expired', 'demo');
  metrics.breakerState('github', 'open');
  const families = parseExposition(metrics.render());
  metrics.close();
  return families;
})();

describe('the Grafana dashboard in deploy/grafana', () => {
  it('is a Grafana 10+ dashboard with a Prometheus data source variable that every query uses', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(dashboard.uid).toBe('infra-mcp');
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ type: 'datasource', name: 'datasource', query: 'prometheus' }),
    );
    for (const panel of panels) {
      expect(panel.datasource?.uid, panel.title).toBe('${datasource}');
      for (const target of panel.targets ?? []) expect(target.datasource.uid, panel.title).toBe('${datasource}');
    }
  });

  it('lays panels out on the 24-column grid without overlaps and with unique ids', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const panel of dashboard.panels) {
      const { x, y, w, h } = panel.gridPos;
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      for (let column = x; column < x + w; column++)
        for (let row = y; row < y + h; row++) {
          expect(cells.has(`${column},${row}`), `${panel.title} overlaps at ${column},${row}`).toBe(false);
          cells.add(`${column},${row}`);
        }
    }
  });

  it('queries only metrics the platform exports', () => {
    // Every selector in the dashboard carries matchers, so a metric name is what stands before `{` (or opens label_values).
    const referenced = new Set(
      expressions.flatMap((expr) =>
        [...expr.matchAll(/(?:label_values\(|\b)([a-z_][a-z0-9_]*)(?:\{|,)/g)]
          .filter((match) => match[0].startsWith('label_values') || match[0].endsWith('{'))
          .map((match) => match[1]!),
      ),
    );
    expect(referenced.size).toBeGreaterThan(10);
    for (const name of referenced) {
      const family = name.replace(/_(bucket|count|sum)$/, '');
      expect(exported.has(name) || exported.get(family)?.type === 'histogram', name).toBe(true);
    }
  });

  it('groups and filters only by labels those metrics carry', () => {
    const labels = new Set(['le', 'instance', 'job']);
    for (const family of exported.values())
      for (const sample of family.samples) for (const label of Object.keys(sample.labels)) labels.add(label);
    const used = expressions.flatMap((expr) => [
      ...[...expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap((match) => match[1]!.split(',').map((name) => name.trim())),
      ...[...expr.matchAll(/[{,]\s*(\w+)\s*(?:=~|!~|!=|=)/g)].map((match) => match[1]!),
    ]);
    expect(used.length).toBeGreaterThan(20);
    for (const label of used) expect(labels.has(label), label).toBe(true);
  });
});
