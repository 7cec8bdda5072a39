import { ToolError } from '@infra-mcp/core';

/** The path leads outside every allowed directory (directly, by `..`, or through a link). */
export function outsideError(path: string, throughLink = false): ToolError {
  return new ToolError(
    'FORBIDDEN',
    throughLink
      ? `${path} leads outside the allowed directories through a symbolic link.`
      : `${path} is outside the allowed directories.`,
    { hint: 'Use a path inside one of the directories list_allowed_directories names.' },
  );
}

/** Nothing exists at the path. */
export function notFoundError(path: string, what = 'file or directory'): ToolError {
  return new ToolError('NOT_FOUND', `No ${what} at ${path}.`, {
    hint: 'Check the path with list_directory or search_files.',
  });
}

/** The path lies in a root the operator made read-only. */
export function readOnlyError(path: string, root: string): ToolError {
  return new ToolError('FORBIDDEN', `${path} is in ${root}, which is read-only.`, {
    hint: 'Write inside a writable directory (see list_allowed_directories); the operator makes a directory read-only with the :ro suffix.',
  });
}

/** A regular file with more than one hard link in a root that does not allow them. */
export function hardLinkError(path: string, root: string): ToolError {
  return new ToolError(
    'FORBIDDEN',
    `${path} has more than one hard link, so it may be the same file as one outside the allowed directories; this server does not open it.`,
    {
      hint: `The operator can allow hard-linked files for ${root} with the :hardlinks suffix (${root}:hardlinks) or allowHardLinks: true in servers.filesystem.roots of the config file.`,
    },
  );
}

/** The server's own data directory lies inside a root; it is never served. */
export function protectedError(path: string): ToolError {
  return new ToolError('FORBIDDEN', `${path} is inside the server's own data directory, which is never served.`);
}

/** A bad path string (NUL byte, control characters, odd separators, too long). */
export function badPathError(path: string, problem: string): ToolError {
  const shown = JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
  return new ToolError('INVALID_INPUT', `The path ${shown} ${problem}.`, {
    hint: 'Pass an absolute path with / as separator, or one relative to the first allowed directory.',
  });
}

/** Maps an unexpected errno from a filesystem call on `path` to a ToolError the model can act on. */
export function ioError(error: unknown, path: string): ToolError {
  switch (errnoOf(error) ?? '') {
    case 'ENOENT':
      return notFoundError(path);
    case 'EACCES':
    case 'EPERM':
      return new ToolError('FORBIDDEN', `The server has no permission to access ${path}.`);
    case 'ENOTDIR':
      return new ToolError('INVALID_INPUT', `A component of ${path} is not a directory.`);
    case 'EISDIR':
      return new ToolError('INVALID_INPUT', `${path} is a directory.`, { hint: 'Use list_directory for directories.' });
    case 'EEXIST':
      return new ToolError('CONFLICT', `${path} already exists.`);
    case 'ENOTEMPTY':
      return new ToolError('CONFLICT', `${path} is a directory that is not empty.`, {
        hint: 'Pass recursive: true to delete it with its contents.',
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new ToolError('UPSTREAM_UNAVAILABLE', `No space left to write ${path}.`);
    case 'EROFS':
      return new ToolError('FORBIDDEN', `${path} is on a read-only filesystem.`);
    case 'ENAMETOOLONG':
      return new ToolError('INVALID_INPUT', `${path} is too long.`);
    case 'ELOOP':
      return new ToolError('INVALID_INPUT', `${path} has too many levels of symbolic links.`);
    default:
      return new ToolError('INTERNAL', `The filesystem call on ${path} failed.`, { cause: error });
  }
}

/** The errno code of a thrown filesystem error, if any. */
export function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
