/** A mistake on the command line: printed as one line on stderr, exit code 2, nothing on stdout. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
