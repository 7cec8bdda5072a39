import { type IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../api/errors.js';

/** Reads the whole request body as text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Decodes a body as JSON, or YAML for the YAML media types (apply-patch+yaml). */
export function decodeBody(text: string, contentType: string): unknown {
  if (contentType.includes('protobuf')) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
  }
  if (text.trim() === '') return undefined;
  try {
    return contentType.includes('yaml') ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw badRequest(`error decoding ${contentType.includes('yaml') ? 'YAML' : 'JSON'}: ${detail}`);
  }
}
