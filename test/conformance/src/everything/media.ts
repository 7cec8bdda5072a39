import type { AudioContent, ImageContent } from '@infra-mcp/core';

/** A 1×1 teal PNG: the smallest real image a client can decode. */
export const pixel: ImageContent = {
  data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mNgaGgAAAGEAQFocvOPAAAAAElFTkSuQmCC',
  mimeType: 'image/png',
};

/** Half a millisecond of silence: a valid 8 kHz, 16-bit mono WAV file. */
export const silence: AudioContent = {
  data: 'UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQgAAAAAAAAAAAAAAA==',
  mimeType: 'audio/wav',
};
