import { describe, expect, it } from 'vitest';
import { parseExposition } from './exposition-parser.js';

// The strict reader the other tests lean on must itself reject what Prometheus rejects.
describe('the test exposition reader', () => {
  const histogram = (lines: string[]) =>
    ['# HELP h_seconds H.', '# TYPE h_seconds histogram', ...lines].join('\n') + '\n';

  it('accepts a well-formed exposition', () => {
    const text = histogram([
      'h_seconds_bucket{le="1"} 1',
      'h_seconds_bucket{le="+Inf"} 2',
      'h_seconds_sum 3.5',
      'h_seconds_count 2',
    ]);
    expect(parseExposition(text).get('h_seconds')?.samples).toHaveLength(4);
  });

  it.each([
    ['a sample before its TYPE', 'x_total 1\n# TYPE x_total counter\n'],
    ['an unknown escape in a label value', '# TYPE g gauge\ng{a="\\t"} 1\n'],
    ['an unescaped quote in a label value', '# TYPE g gauge\ng{a="x"y"} 1\n'],
    ['a value that is not a float', '# TYPE g gauge\ng 1,5\n'],
    ['a missing final line feed', '# TYPE g gauge\ng 1'],
    ['a duplicate series', '# TYPE g gauge\ng{a="1"} 1\ng{a="1"} 2\n'],
    ['a negative counter', '# TYPE c_total counter\nc_total -1\n'],
    ['interleaved families', '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x="y"} 2\n'],
  ])('rejects %s', (_, text) => {
    expect(() => parseExposition(text)).toThrow();
  });

  it('rejects histogram buckets that are not cumulative', () => {
    const text = histogram([
      'h_seconds_bucket{le="1"} 2',
      'h_seconds_bucket{le="+Inf"} 1',
      'h_seconds_sum 1',
      'h_seconds_count 1',
    ]);
    expect(() => parseExposition(text)).toThrow(/cumulative/);
  });

  it('rejects a histogram whose +Inf bucket differs from its count', () => {
    const text = histogram(['h_seconds_bucket{le="+Inf"} 2', 'h_seconds_sum 1', 'h_seconds_count 3']);
    expect(() => parseExposition(text)).toThrow(/differs from _count/);
  });
});
