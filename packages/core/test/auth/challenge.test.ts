import { describe, expect, it } from 'vitest';
import { bearerChallenge } from '../../src/auth/challenge.js';

describe('the Bearer challenge', () => {
  it('quotes every parameter and escapes quotes and backslashes inside them', () => {
    expect(bearerChallenge({ error: 'invalid_token', error_description: 'say "hi" \\ bye' })).toBe(
      'Bearer error="invalid_token", error_description="say \\"hi\\" \\\\ bye"',
    );
  });

  it('falls back to a realm when there is nothing else to say', () => {
    expect(bearerChallenge({ scope: undefined })).toBe('Bearer realm="infra-mcp"');
  });
});
