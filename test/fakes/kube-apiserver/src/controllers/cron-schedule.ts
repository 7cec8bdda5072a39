/** A parsed CronJob schedule that yields its next fire time. */
export interface CronSchedule {
  /** The first fire time strictly after `after`. */
  next(after: Date): Date;
}

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const descriptors: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface Field {
  values: Set<number>;
  restricted: boolean;
}

function parseValue(text: string, names: string[], offset: number): number {
  const index = names.indexOf(text.toUpperCase());
  if (index >= 0) return index + offset;
  if (!/^\d+$/.test(text)) throw new Error(`unparseable value "${text}"`);
  return Number(text);
}

function parseField(text: string, min: number, max: number, names: string[] = []): Field {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '*', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step "${part}"`);
    let [from, to] = [min, max];
    if (range !== '*' && range !== '?') {
      const [start = '', end] = range.split('-');
      from = parseValue(start, names, min);
      to = end === undefined ? (stepText === undefined ? from : max) : parseValue(end, names, min);
    }
    if (from < min || to > max || from > to) throw new Error(`value out of range in "${part}"`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return { values, restricted: text !== '*' && text !== '?' };
}

function parseEvery(text: string): CronSchedule {
  const match = /^@every\s+((?:\d+h)?(?:\d+m)?(?:\d+s)?)$/.exec(text.trim());
  const spec = match?.[1] ?? '';
  if (spec === '') throw new Error(`unparseable interval "${text}"`);
  const unit = (suffix: string) => Number(new RegExp(`(\\d+)${suffix}`).exec(spec)?.[1] ?? 0);
  const seconds = Math.max(1, unit('h') * 3600 + unit('m') * 60 + unit('s'));
  return { next: (after) => new Date((Math.floor(after.getTime() / 1000 / seconds) + 1) * seconds * 1000) };
}

/**
 * Parses a CronJob schedule the way robfig/cron's standard parser does: five
 * fields (names, ranges, steps, lists), the @hourly-style descriptors and
 * `@every <duration>`. Times are UTC.
 */
export function parseCronSchedule(text: string): CronSchedule {
  const trimmed = text.trim();
  if (trimmed.startsWith('@every')) return parseEvery(trimmed);
  const fields = (descriptors[trimmed] ?? trimmed).split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: ${text}`);
  const [minute, hour, dom, month, dow] = [
    parseField(fields[0] ?? '', 0, 59),
    parseField(fields[1] ?? '', 0, 23),
    parseField(fields[2] ?? '', 1, 31),
    parseField(fields[3] ?? '', 1, 12, monthNames),
    parseField((fields[4] ?? '').replace(/\b7\b/g, '0'), 0, 6, dayNames),
  ];
  const dayMatches = (date: Date) => {
    const byMonth = dom.values.has(date.getUTCDate());
    const byWeek = dow.values.has(date.getUTCDay());
    // Vixie cron: when both day fields are restricted, either may match.
    return dom.restricted && dow.restricted ? byMonth || byWeek : byMonth && byWeek;
  };
  // Moves t to the start of the next candidate unit; returns false once every field matches.
  const advance = (t: Date): boolean => {
    if (!month.values.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!hour.values.has(t.getUTCHours())) t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
    else if (!minute.values.has(t.getUTCMinutes())) t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    else return false;
    return true;
  };
  return {
    next(after) {
      const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
      for (let guard = 0; guard < 600_000; guard++) if (!advance(t)) return t;
      throw new Error(`no fire time found for "${text}"`);
    },
  };
}
