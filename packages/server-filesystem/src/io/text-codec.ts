import { isUtf8 } from 'node:buffer';

/** How a text file's bytes map to characters. */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'latin1';

/** A detected text encoding: the encoding and the length of its byte-order mark. */
export interface Codec {
  readonly encoding: TextEncoding;
  readonly bom: number;
}

/** What a file's first bytes say: text in some encoding, or binary. */
export type Sniffed = { kind: 'text'; codec: Codec } | { kind: 'binary' };

/** Bytes looked at to tell text from binary. */
export const sniffBytes = 8192;

/**
 * Tells text from binary by the first bytes, much as git and grep do: a
 * byte-order mark decides the encoding; otherwise a NUL byte (or, in the first KiB, more than
 * 10% control characters) means binary, valid UTF-8 means UTF-8 and anything
 * else is read as Latin-1.
 */
export function sniff(sample: Uint8Array, wholeFile: boolean): Sniffed {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return text('utf8', 3);
  if (sample[0] === 0xff && sample[1] === 0xfe) return text('utf16le', 2);
  if (sample[0] === 0xfe && sample[1] === 0xff) return text('utf16be', 2);
  if (sample.includes(0) || controlShare(sample.subarray(0, 1024)) > 0.1) return { kind: 'binary' };
  // A multi-byte character may straddle the end of a partial sample.
  const checked = wholeFile ? sample : sample.subarray(0, Math.max(0, sample.length - 3));
  return text(isUtf8(checked) ? 'utf8' : 'latin1', 0);
}

/** The share of bytes that are control characters no text file uses (all but tab, newlines, form feed, escape). */
function controlShare(sample: Uint8Array): number {
  if (sample.length === 0) return 0;
  let controls = 0;
  // An indexed loop: on Node 20, for…of over a typed array goes through its iterator.
  for (let index = 0; index < sample.length; index++) {
    const byte = sample[index]!;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13 && byte !== 27) controls++;
  }
  return controls / sample.length;
}

function text(encoding: TextEncoding, bom: number): Sniffed {
  return { kind: 'text', codec: { encoding, bom } };
}

/** Decodes bytes (without the BOM) to a string. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === 'utf16be') return swapBytes(buffer).toString('utf16le');
  return buffer.toString(encoding);
}

/** Encodes a string in a codec, with its BOM. */
export function encodeText(content: string, codec: Codec): Buffer {
  const bom = codec.bom === 0 ? Buffer.alloc(0) : bomOf(codec.encoding);
  const body =
    codec.encoding === 'utf16be'
      ? swapBytes(Buffer.from(content, 'utf16le'))
      : Buffer.from(content, codec.encoding === 'utf8' ? 'utf8' : codec.encoding);
  return bom.length === 0 ? body : Buffer.concat([bom, body]);
}

function bomOf(encoding: TextEncoding): Buffer {
  if (encoding === 'utf8') return Buffer.from([0xef, 0xbb, 0xbf]);
  if (encoding === 'utf16le') return Buffer.from([0xff, 0xfe]);
  if (encoding === 'utf16be') return Buffer.from([0xfe, 0xff]);
  return Buffer.alloc(0);
}

function swapBytes(buffer: Buffer): Buffer {
  const copy = Buffer.from(buffer.subarray(0, buffer.length - (buffer.length % 2)));
  return copy.swap16();
}

/** Whether this codec's newline is the single byte 0x0A (so lines can be found without decoding). */
export function byteLines(codec: Codec): boolean {
  return codec.encoding === 'utf8' || codec.encoding === 'latin1';
}
