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
  if (text === null) return null;
  if (typeOid === 16) return text === 't';
  if (integerTypes.has(typeOid)) {
    const number = Number(text);
    return Number.isSafeInteger(number) ? number : text;
  }
  if (typeOid === 1700 || floatTypes.has(typeOid)) return exactNumber(text);
  if (jsonTypes.has(typeOid)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function exactNumber(text: string): number | string {
  // Up to 15 significant digits always survive a double; that is most values, and the cheap path.
  if (text.length <= 16 && /^-?\d+(\.\d+)?$/.test(text) && text.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15)
    return Number(text);
  const number = Number(text);
  if (!Number.isFinite(number)) return text;
  // Trailing zeros (1.50) carry no value; only digits a double would lose keep the text form.
  return Number(number.toString()) === number && stripZeros(number.toString()) === stripZeros(text) ? number : text;
}

function stripZeros(text: string): string {
  const [whole = '', fraction] = text
    .replace(/^-0+(?=\d)/, '-')
    .replace(/^0+(?=\d)/, '')
    .split('.');
  const trimmed = fraction?.replace(/0+$/, '') ?? '';
  return trimmed === '' ? whole : `${whole}.${trimmed}`;
}
