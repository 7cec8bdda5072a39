import { type JsonObject } from '../util/object.js';

/** One entry of `details.causes` in a Status object. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/** The resource an error is about, as the real API names it in messages and details. */
export interface ErrorSubject {
  /** Plural resource name, e.g. "pods". */
  resource: string;
  /** API group, "" for core. */
  group: string;
  name?: string;
}

/** An API failure that renders as a metav1.Status object with the real server's reason and code. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: JsonObject,
  ) {
    super(message);
  }

  /** The `kind: Status` body the real kube-apiserver sends for this failure. */
  toStatus(): JsonObject {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details === undefined ? {} : { details: this.details }),
      code: this.code,
    };
  }
}

/** "pods" or "deployments.apps": how messages name a resource. */
export function qualifiedResource(subject: ErrorSubject): string {
  return subject.group === '' ? subject.resource : `${subject.resource}.${subject.group}`;
}

function detailsOf(subject: ErrorSubject): JsonObject {
  return {
    ...(subject.name === undefined ? {} : { name: subject.name }),
    ...(subject.group === '' ? {} : { group: subject.group }),
    kind: subject.resource,
  };
}

/** 404 NotFound for a named object. */
export function notFound(subject: ErrorSubject & { name: string }): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(subject)} "${subject.name}" not found`, detailsOf(subject));
}

/** 409 AlreadyExists on create. */
export function alreadyExists(subject: ErrorSubject & { name: string }): ApiError {
  const message = `${qualifiedResource(subject)} "${subject.name}" already exists`;
  return new ApiError(409, 'AlreadyExists', message, detailsOf(subject));
}

/** 409 Conflict, e.g. a stale resourceVersion. */
export function conflict(subject: ErrorSubject & { name: string }, why: string, causes?: StatusCause[]): ApiError {
  const message = `Operation cannot be fulfilled on ${qualifiedResource(subject)} "${subject.name}": ${why}`;
  return new ApiError(409, 'Conflict', message, { ...detailsOf(subject), ...(causes ? { causes } : {}) });
}

/** The message of a stale-resourceVersion conflict, word for word. */
export const staleObjectMessage =
  'the object has been modified; please apply your changes to the latest version and try again';

/** 422 Invalid with one cause per field error. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const kindName = group === '' ? kind : `${kind}.${group}`;
  const summary = causes.map((cause) => (cause.field ? `${cause.field}: ${cause.message}` : cause.message));
  const joined = summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${kindName} "${name}" is invalid: ${joined}`, {
    name,
    ...(group === '' ? {} : { group }),
    kind,
    causes,
  });
}

/** 403 Forbidden worded like the RBAC authorizer. */
export function forbidden(subject: ErrorSubject, user: string, verb: string, namespace: string | undefined): ApiError {
  const target =
    subject.name === undefined ? qualifiedResource(subject) : `${qualifiedResource(subject)} "${subject.name}"`;
  const scope =
    namespace === undefined || namespace === '' ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  const message = `${target} is forbidden: User "${user}" cannot ${verb} resource "${subject.resource}" in API group "${subject.group}" ${scope}`;
  return new ApiError(403, 'Forbidden', message, detailsOf(subject));
}

/** 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** 401 Unauthorized: missing or unknown credentials. */
export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

/** 405 for a verb the resource does not support. */
export function methodNotSupported(subject: ErrorSubject, verb: string): ApiError {
  const message = `${verb} is not supported on resources of kind "${qualifiedResource(subject)}"`;
  return new ApiError(405, 'MethodNotAllowed', message, detailsOf(subject));
}

/** 410 Expired: a watch or continue token older than the retained history. */
export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

/** 415 for a patch type the resource cannot take. */
export function unsupportedMediaType(contentType: string, accepted: readonly string[]): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    { causes: [{ reason: 'UnsupportedMediaType', message: `got ${contentType}` }] },
  );
}

/** 404 for a path that names no resource. */
export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}
