import { posix } from 'node:path';

const byExtension: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  svg: 'image/svg+xml',
  avif: 'image/avif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  opus: 'audio/opus',
  weba: 'audio/webm',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
  bz2: 'application/x-bzip2',
  xz: 'application/x-xz',
  zst: 'application/zstd',
  '7z': 'application/x-7z-compressed',
  jar: 'application/java-archive',
  wasm: 'application/wasm',
  exe: 'application/vnd.microsoft.portable-executable',
  so: 'application/x-sharedlib',
  sqlite: 'application/vnd.sqlite3',
  db: 'application/vnd.sqlite3',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  json: 'application/json',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  toml: 'application/toml',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  csv: 'text/csv',
  md: 'text/markdown',
  txt: 'text/plain',
  log: 'text/plain',
  js: 'text/javascript',
  mjs: 'text/javascript',
  ts: 'text/x-typescript',
  py: 'text/x-python',
  sh: 'text/x-shellscript',
};

const signatures: readonly { bytes: readonly number[]; offset?: number; mime: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], mime: 'image/png' },
  { bytes: [0xff, 0xd8, 0xff], mime: 'image/jpeg' },
  { bytes: [0x47, 0x49, 0x46, 0x38], mime: 'image/gif' },
  { bytes: [0x57, 0x45, 0x42, 0x50], offset: 8, mime: 'image/webp' },
  { bytes: [0x25, 0x50, 0x44, 0x46], mime: 'application/pdf' },
  { bytes: [0x49, 0x44, 0x33], mime: 'audio/mpeg' },
  { bytes: [0x66, 0x4c, 0x61, 0x43], mime: 'audio/flac' },
  { bytes: [0x4f, 0x67, 0x67, 0x53], mime: 'audio/ogg' },
  { bytes: [0x57, 0x41, 0x56, 0x45], offset: 8, mime: 'audio/wav' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], mime: 'application/zip' },
  { bytes: [0x1f, 0x8b], mime: 'application/gzip' },
];

/**
 * The MIME type of a file: its content's signature when it has a known one
 * (a PNG named `.jpg` is still a PNG), else its extension, else
 * `application/octet-stream` (binary) or `text/plain` (text).
 */
export function mimeTypeOf(name: string, head: Uint8Array | undefined, binary: boolean): string {
  if (head !== undefined) {
    for (const { bytes, offset = 0, mime } of signatures) {
      if (bytes.every((byte, index) => head[offset + index] === byte)) return mime;
    }
  }
  const extension = posix.extname(name).slice(1).toLowerCase();
  return byExtension[extension] ?? (binary ? 'application/octet-stream' : 'text/plain');
}
