import type { ResourceBody } from '../resource.js';
import { formatBytes } from './budget.js';

/** Cuts a resource body to the budget, saying so at the end of the text. Binary bodies over it are refused. */
export function fitTextToBudget(body: ResourceBody, maxBytes: number): ResourceBody {
  if ('blob' in body) {
    if (body.blob.length <= maxBytes) return body;
    return {
      text: `[resource is ${formatBytes(body.blob.length)} encoded, over the ${formatBytes(maxBytes)} output budget]`,
      mimeType: 'text/plain',
    };
  }
  const bytes = Buffer.from(body.text);
  if (bytes.length <= maxBytes) return body;
  const notice = `\n[truncated: showing ${formatBytes(maxBytes - 200)} of ${formatBytes(bytes.length)}]`;
  const kept = new TextDecoder().decode(bytes.subarray(0, maxBytes - 200)).replace(/\uFFFD$/, '');
  return { ...body, text: kept + notice };
}
