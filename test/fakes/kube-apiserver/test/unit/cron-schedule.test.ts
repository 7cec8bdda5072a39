import { describe, expect, it } from 'vitest';
import { parseCronSchedule } from '../../src/controllers/cron-schedule.js';

const at = (iso: string) => new Date(iso);

describe('CronJob schedules', () => {
  it('finds the next fire time of five-field schedules with steps, ranges, lists and names', () => {
    expect(parseCronSchedule('*/15 * * * *').next(at('2026-03-01T10:07:30Z')).toISOString()).toBe(
      '2026-03-01T10:15:00.000Z',
    );
    expect(parseCronSchedule('0 9-17/4 * * MON-FRI').next(at('2026-03-06T17:00:00Z')).toISOString()).toBe(
      '2026-03-09T09:00:00.000Z',
    );
    expect(parseCronSchedule('30 2 1 JAN,JUL *').next(at('2026-03-01T00:00:00Z')).toISOString()).toBe(
      '2026-07-01T02:30:00.000Z',
    );
    expect(parseCronSchedule('@daily').next(at('2026-03-01T00:00:00Z')).toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it('matches either day field when both are restricted, like Vixie cron', () => {
    expect(parseCronSchedule('0 0 13 * 5').next(at('2026-03-01T00:00:00Z')).toISOString()).toBe(
      '2026-03-06T00:00:00.000Z',
    );
  });

  it('supports @every intervals and rejects malformed schedules', () => {
    expect(parseCronSchedule('@every 1m30s').next(at('2026-03-01T00:00:10Z')).toISOString()).toBe(
      '2026-03-01T00:01:30.000Z',
    );
    expect(() => parseCronSchedule('* * *')).toThrow(/expected exactly 5 fields/);
    expect(() => parseCronSchedule('61 * * * *')).toThrow(/out of range/);
  });
});
