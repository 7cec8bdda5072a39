import { type IncomingMessage } from 'node:http';
import { type ServerContext } from './context.js';
import { unauthorized } from '../api/errors.js';
import { type User } from '../auth/users.js';

/** The user a request's bearer token names; anonymous when allowed, 401 otherwise. */
export function authenticate(context: ServerContext, request: IncomingMessage): User {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (match) {
    const user = context.users.get((match[1] ?? '').trim());
    if (user !== undefined) return user;
    throw unauthorized();
  }
  if (context.anonymous !== undefined) return context.anonymous;
  throw unauthorized();
}
