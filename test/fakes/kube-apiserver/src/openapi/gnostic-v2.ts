import { stringify } from 'yaml';
import { ProtoWriter } from '../protobuf/writer.js';
import { type JsonObject, asArray, asObject, asString, isObject } from '../util/object.js';

/** The media type kubectl and client-go ask /openapi/v2 for. */
export const gnosticMediaType = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/** The Content-Type the answer carries: Go's mime parser rejects the "@" form, so servers spell it with a dot. */
export const gnosticContentType = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

// Field numbers follow gnostic's openapiv2/OpenAPIv2.proto (Document, Schema, Operation...).

function namedAny(writer: ProtoWriter, field: number, name: string, value: unknown): void {
  writer.message(field, (named) => named.string(1, name).message(2, (any) => any.string(2, stringify(value))));
}

function vendorExtensions(writer: ProtoWriter, field: number, object: JsonObject): void {
  for (const [key, value] of Object.entries(object)) if (key.startsWith('x-')) namedAny(writer, field, key, value);
}

function writeSchema(writer: ProtoWriter, schema: JsonObject): void {
  writer.string(1, asString(schema.$ref)).string(2, asString(schema.format)).string(4, asString(schema.description));
  writer.strings(
    19,
    asArray(schema.required).map((name) => asString(name)),
  );
  for (const value of asArray(schema.enum)) writer.message(20, (any) => any.string(2, stringify(value)));
  if (isObject(schema.additionalProperties)) {
    const additional = schema.additionalProperties;
    writer.message(21, (item) => item.message(1, (inner) => writeSchema(inner, additional)));
  }
  if (typeof schema.type === 'string') writer.message(22, (type) => type.strings(1, [asString(schema.type)]));
  if (isObject(schema.items)) {
    const items = schema.items;
    writer.message(23, (item) => item.message(1, (inner) => writeSchema(inner, items)));
  }
  for (const part of asArray(schema.allOf)) writer.message(24, (inner) => writeSchema(inner, asObject(part)));
  if (isObject(schema.properties)) {
    const properties = schema.properties;
    writer.message(25, (props) => {
      for (const [name, child] of Object.entries(properties)) {
        props.message(1, (named) => named.string(1, name).message(2, (inner) => writeSchema(inner, asObject(child))));
      }
    });
  }
  vendorExtensions(writer, 31, schema);
}

function writeParameter(writer: ProtoWriter, parameter: JsonObject): void {
  // ParametersItem.parameter -> Parameter.non_body_parameter -> NonBodyParameter.query_parameter_sub_schema
  writer.message(1, (param) =>
    param.message(2, (nonBody) =>
      nonBody.message(3, (query) =>
        query
          .string(2, asString(parameter.in))
          .string(3, asString(parameter.description))
          .string(4, asString(parameter.name))
          .string(6, asString(parameter.type))
          .bool(20, parameter.uniqueItems === true),
      ),
    ),
  );
}

function writeOperation(writer: ProtoWriter, operation: JsonObject): void {
  writer.string(5, asString(operation.operationId));
  writer.strings(
    6,
    asArray(operation.produces).map((value) => asString(value)),
  );
  writer.strings(
    7,
    asArray(operation.consumes).map((value) => asString(value)),
  );
  for (const parameter of asArray(operation.parameters))
    writer.message(8, (item) => writeParameter(item, asObject(parameter)));
  writer.message(9, (responses) => {
    for (const [code, response] of Object.entries(asObject(operation.responses))) {
      responses.message(1, (named) =>
        named
          .string(1, code)
          .message(2, (value) =>
            value.message(1, (inner) => inner.string(1, asString(asObject(response).description))),
          ),
      );
    }
  });
  vendorExtensions(writer, 13, operation);
}

const methodFields: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, patch: 8 };

/** Encodes the Swagger 2.0 document as gnostic's openapi_v2.Document protobuf. */
export function encodeGnosticV2(document: JsonObject): Buffer {
  const writer = new ProtoWriter();
  writer.string(1, asString(document.swagger));
  const info = asObject(document.info);
  writer.message(2, (inner) => inner.string(1, asString(info.title)).string(2, asString(info.version)));
  writer.message(8, (paths) => {
    for (const [path, item] of Object.entries(asObject(document.paths))) {
      paths.message(2, (named) =>
        named.string(1, path).message(2, (pathItem) => {
          for (const [method, operation] of Object.entries(asObject(item))) {
            const field = methodFields[method];
            if (field !== undefined) pathItem.message(field, (inner) => writeOperation(inner, asObject(operation)));
          }
        }),
      );
    }
  });
  writer.message(9, (definitions) => {
    for (const [name, schema] of Object.entries(asObject(document.definitions))) {
      definitions.message(1, (named) =>
        named.string(1, name).message(2, (inner) => writeSchema(inner, asObject(schema))),
      );
    }
  });
  return writer.finish();
}
