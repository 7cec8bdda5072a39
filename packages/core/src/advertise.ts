/**
 * How schemas look in `tools/list`. Every byte of the list is paid for in
 * every conversation, so advertised schemas carry what a client or model
 * needs and nothing else: no `$schema`, no `additionalProperties: false`
 * (core refuses unknown arguments and validates every result against the
 * full zod schema anyway), no safe-integer bounds zod adds to every `.int()`.
 * Output schemas are shallow by default: the top-level fields, their JSON
 * types and which are required; `full` advertises the whole shape.
 */
export type OutputSchemaDetail = 'shallow' | 'full';

type JsonObject = Record<string, unknown>;

const safeBounds = new Set([Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);

/** An input schema as advertised: complete, minus the noise. */
export function advertisedInput(schema: JsonObject): JsonObject {
  return withoutNoise(schema, false);
}

/** An output schema as advertised, at the operator's level of detail. */
export function advertisedOutput(schema: JsonObject, detail: OutputSchemaDetail): JsonObject {
  const properties = { ...((schema.properties ?? {}) as JsonObject) };
  // Every result may carry a truncation notice; tool descriptions and the text form say so.
  delete properties.truncated;
  const trimmed = { ...schema, properties };
  if (detail === 'full') return withoutNoise(trimmed, true);
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, typeOnly(value)])),
    ...(Array.isArray(schema.required) && schema.required.length > 0
      ? { required: schema.required.filter((key) => key !== 'truncated') }
      : {}),
  };
}

/** The JSON type(s) of a property, without its inner shape. */
function typeOnly(schema: unknown): JsonObject {
  if (!isObject(schema)) return {};
  if ('const' in schema) return { const: schema.const };
  if (typeof schema.type === 'string' || Array.isArray(schema.type)) return { type: schema.type };
  if (Array.isArray(schema.enum)) return { enum: schema.enum };
  const options = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(options)) {
    const types = [
      ...new Set(
        options
          .flatMap((option) => [typeOnly(option).type].flat())
          .filter((type): type is string => typeof type === 'string'),
      ),
    ];
    return types.length > 0 ? { type: types.length === 1 ? types[0] : types } : {};
  }
  return {};
}

function withoutNoise(schema: JsonObject, dropDescriptions: boolean): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || (key === 'additionalProperties' && value === false)) continue;
    if ((key === 'minimum' || key === 'maximum') && typeof value === 'number' && safeBounds.has(value)) continue;
    if (dropDescriptions && key === 'description') continue;
    result[key] = Array.isArray(value)
      ? value.map((item: unknown) => (isObject(item) ? withoutNoise(item, dropDescriptions) : item))
      : isObject(value)
        ? withoutNoise(value, dropDescriptions)
        : value;
  }
  return result;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
