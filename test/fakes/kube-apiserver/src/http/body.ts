import { type IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest } from '../api/errors.js';
import { decodeKubernetesProtobuf } from '../protobuf/decode.js';

/** Reads the whole request body. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Decodes a body as JSON, YAML for the YAML media types (apply-patch+yaml), or Kubernetes protobuf for the kinds kubectl sends that way. */
export function decodeBody(body: Buffer, contentType: string): unknown {
  if (contentType.includes('protobuf')) return decodeKubernetesProtobuf(body);
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return contentType.includes('yaml') ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw badRequest(`error decoding ${contentType.includes('yaml') ? 'YAML' : 'JSON'}: ${detail}`);
  }
}
