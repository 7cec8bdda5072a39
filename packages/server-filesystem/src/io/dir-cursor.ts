import type { DirHandle } from '../guard/dir-handle.js';

/**
 * Keeps the chain of open directories from a start directory down to the
 * last one visited, so visiting directories in sorted order (a breadth-first
 * tree) opens each one once, through its parent, with O_NOFOLLOW.
 */
export class DirCursor implements Disposable {
  private readonly chain: { name: string; dir: DirHandle }[] = [];

  constructor(private readonly start: DirHandle) {}

  /** The open directory at `parts` below the start (throws if it cannot be opened). */
  open(parts: readonly string[]): DirHandle {
    let common = 0;
    while (common < this.chain.length && common < parts.length && this.chain[common]!.name === parts[common]) common++;
    while (this.chain.length > common) this.chain.pop()!.dir.close();
    for (let index = common; index < parts.length; index++) {
      const parent = this.chain.at(-1)?.dir ?? this.start;
      this.chain.push({ name: parts[index]!, dir: parent.openChild(parts[index]!) });
    }
    return this.chain.at(-1)?.dir ?? this.start;
  }

  [Symbol.dispose](): void {
    while (this.chain.length > 0) this.chain.pop()!.dir.close();
  }
}
