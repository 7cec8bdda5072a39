/** The response shape a client asked for in its Accept header. */
export type ResponseShape = 'object' | 'table' | 'partial';

/** Reads `as=Table` / `as=PartialObjectMetadata[List]` from Accept, taking the first media type that names one. */
export function responseShape(accept: string | undefined): ResponseShape {
  for (const mediaType of (accept ?? '').split(',')) {
    const params = mediaType.split(';').map((part) => part.trim());
    if (!params[0]?.includes('json') && params[0] !== '*/*') continue;
    const as = params.find((param) => param.startsWith('as='))?.slice(3);
    if (as === 'Table') return 'table';
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return 'partial';
    if (as === undefined) return 'object';
  }
  return 'object';
}
