import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/client/redact.js';
import { decodeCursor, encodeCursor } from '../../src/results/cursor.js';
import { fitRows } from '../../src/results/page.js';
import { convertValue } from '../../src/results/values.js';

describe('result values', () => {
  it.each([
    ['t', 16, true],
    ['42', 23, 42],
    ['9007199254740993', 20, '9007199254740993'],
    ['1.50', 1700, 1.5],
    ['0.1000000000000000055511151231257827', 1700, '0.1000000000000000055511151231257827'],
    ['-0.000123', 1700, -0.000123],
    ['-12345678901.2345', 1700, -12345678901.2345],
    ['1234567890123456789', 1700, '1234567890123456789'],
    ['12345678901234567', 1700, '12345678901234567'],
    ['9007199254740993', 1700, '9007199254740993'],
    ['100.00', 1700, 100],
    ['1e+21', 701, 1e21],
    ['-Infinity', 701, '-Infinity'],
    ['NaN', 701, 'NaN'],
    ['{"a":1}', 3802, { a: 1 }],
    ['2024-01-01 10:00:00+00', 1184, '2024-01-01 10:00:00+00'],
    [null, 25, null],
  ])('converts %s of type %i', (text, type, value) => {
    expect(convertValue(text, type)).toEqual(value);
  });
});

describe('paging', () => {
  it('keeps the rows that fit the budget', () => {
    const rows = Array.from({ length: 100 }, (_, index) => [index, 'x'.repeat(90)]);
    const fitted = fitRows(rows, 1000);
    expect(fitted.cut).toBe('bytes');
    expect(fitted.rows.length).toBeGreaterThan(5);
    expect(Buffer.byteLength(JSON.stringify(fitted.rows))).toBeLessThanOrEqual(1000);
  });

  it('round-trips a cursor and refuses a tampered one', () => {
    const cursor = { connection: 'main', sql: 'SELECT 1', params: ['a'], offset: 100, maxRows: 50 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => decodeCursor(`${encodeCursor(cursor)}x`)).toThrow(/not one this server issued/);
  });
});

describe('redaction', () => {
  it('removes passwords from URLs, key-value strings and anywhere a configured one appears', () => {
    const redact = createRedactor(['s3cr3t-pass']);
    expect(redact('connect postgres://app:hunter2@db/x failed')).toBe('connect postgres://app:***@db/x failed');
    expect(redact("host=db password='p w' user=app")).toBe('host=db password=*** user=app');
    expect(redact('database "db_s3cr3t-pass" does not exist')).toBe('database "db_***" does not exist');
  });
});
