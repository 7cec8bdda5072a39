import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A held lock on the sandbox data directory; `release` is idempotent. */
export interface SandboxLock {
  release(): void;
}

/**
 * Takes the lock file next to the sandbox data directory, so that two
 * infra-mcp processes never open the same PGlite files (which would corrupt
 * them). A lock left by a process that no longer runs is taken over; one
 * held by this very process (another server built here) is respected.
 * Returns the pid of the live holder when the lock is taken.
 */
export function acquireSandboxLock(path: string): SandboxLock | { heldBy: number } {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      return {
        release: () => {
          if (!held) return;
          held = false;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && (holder === process.pid || isAlive(holder)))
        return { heldBy: holder };
      rmSync(path, { force: true });
    }
  }
  return { heldBy: -1 };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
