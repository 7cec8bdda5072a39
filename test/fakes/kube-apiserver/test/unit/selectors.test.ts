import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from '../../src/store/field-selector.js';
import { compileLabelSelector, parseLabelSelector } from '../../src/store/label-selector.js';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', canary: 'true' };

  it('matches equality, set and existence requirements together', () => {
    expect(parseLabelSelector('app=web,tier in (front,back),canary')(labels)).toBe(true);
    expect(parseLabelSelector('app==web,tier notin (front)')(labels)).toBe(false);
    expect(parseLabelSelector('!release,app!=api')(labels)).toBe(true);
    expect(parseLabelSelector('')(labels)).toBe(true);
  });

  it('rejects a requirement it cannot parse with a 400', () => {
    expect(() => parseLabelSelector('app===web')).toThrow(/unable to parse requirement/);
  });

  it('compiles metav1.LabelSelector objects with matchExpressions', () => {
    const selector = compileLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(selector(labels)).toBe(true);
    expect(selector({ ...labels, legacy: 'x' })).toBe(false);
  });
});

describe('field selectors', () => {
  const pod = { metadata: { name: 'a', namespace: 'ns' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };

  it('matches supported fields with =, == and !=', () => {
    expect(parseFieldSelector('status.phase=Running,spec.nodeName!=n2', ['status.phase', 'spec.nodeName'])(pod)).toBe(
      true,
    );
    expect(parseFieldSelector('metadata.name==b', [])(pod)).toBe(false);
  });

  it('refuses labels the kind does not support, like the real server', () => {
    expect(() => parseFieldSelector('spec.color=blue', ['status.phase'])).toThrow(
      'field label not supported: spec.color',
    );
  });
});
