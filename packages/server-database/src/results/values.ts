import type { StatementResult } from '../client/driver.js';

/** A column of a result: its name and its type's display name. */
export interface ResultColumn {
  name: string;
  type: string;
}

const integerTypes = new Set([20, 21, 23, 26, 28, 5069]);
const floatTypes = new Set([700, 701]);
const jsonTypes = new Set([114, 3802]);

/**
 * Converts one value from PostgreSQL's text form into the JSON the model
 * reads: numbers and booleans as JSON (big integers and numerics that would
 * lose precision stay strings), json/jsonb as structured JSON, everything
 * else (dates, intervals, arrays, uuids) exactly as psql would print it.
 */
export function convertValue(text: string | null, typeOid: number): unknown {
  return text === null ? null : converterFor(typeOid)(text);
}

/** How values of a type are converted (see {@link convertValue}); looked up once per column of a result. */
function converterFor(typeOid: number): (text: string) => unknown {
  if (typeOid === 16) return toBoolean;
  if (integerTypes.has(typeOid)) return toInteger;
  if (typeOid === 1700 || floatTypes.has(typeOid)) return exactNumber;
  if (jsonTypes.has(typeOid)) return toJson;
  return asText;
}

/**
 * The first `maxRows` rows with each value converted by its column's type.
 * `map` builds packed arrays; arrays made with holes (`new Array(n)`) cost
 * JSON.stringify twice as much later.
 */
export function convertRows(page: StatementResult, maxRows: number): unknown[][] {
  const converters = page.fields.map((field) => converterFor(field.typeOid));
  return page.rows
    .slice(0, maxRows)
    .map((row) => row.map((value, column) => (value === null ? null : (converters[column] ?? asText)(value))));
}

const toBoolean = (text: string): boolean => text === 't';
const asText = (text: string): string => text;

function toInteger(text: string): number | string {
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : text;
}

function toJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function exactNumber(text: string): number | string {
  // Up to 15 significant digits always survive a double; that is most values, and the cheap path.
  if (text.length <= 17 && plainDecimalDigits(text) <= 15) return Number(text);
  const number = Number(text);
  if (!Number.isFinite(number)) return text;
  // Trailing zeros (1.50) carry no value; only digits a double would lose keep the text form.
  return Number(number.toString()) === number && stripZeros(number.toString()) === stripZeros(text) ? number : text;
}

/**
 * The significant digits of a plain decimal (`-12.50`: 4, leading zeros not
 * counted), or Infinity for anything else (exponents, NaN, a bare point).
 */
function plainDecimalDigits(text: string): number {
  let index = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  let digits = 0;
  let leading = true;
  let seenPoint = false;
  let digitsBefore = 0;
  let digitsAfter = 0;
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 46 /* . */) {
      if (seenPoint || digitsBefore === 0) return Infinity;
      seenPoint = true;
      continue;
    }
    if (code < 48 || code > 57) return Infinity;
    if (seenPoint) digitsAfter++;
    else digitsBefore++;
    if (leading && code === 48) continue;
    leading = false;
    digits++;
  }
  if (digitsBefore === 0 || (seenPoint && digitsAfter === 0)) return Infinity;
  return digits;
}

function stripZeros(text: string): string {
  const [whole = '', fraction] = text
    .replace(/^-0+(?=\d)/, '-')
    .replace(/^0+(?=\d)/, '')
    .split('.');
  const trimmed = fraction?.replace(/0+$/, '') ?? '';
  return trimmed === '' ? whole : `${whole}.${trimmed}`;
}
