import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const FLUSH_AT = 1 << 20;

/** Appends text to a file in ~1 MiB writes, so a large file never sits in memory as one string. */
export class ChunkedWriter {
  readonly #fd: number;
  #parts: string[] = [];
  #pending = 0;
  #bytes = 0;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.#parts.push(text);
    this.#pending += text.length;
    if (this.#pending >= FLUSH_AT) this.#flush();
  }

  /** Closes the file and returns its size in bytes. */
  close(): number {
    this.#flush();
    closeSync(this.#fd);
    return this.#bytes;
  }

  #flush(): void {
    if (this.#parts.length === 0) return;
    const buffer = Buffer.from(this.#parts.join(''), 'utf8');
    for (let done = 0; done < buffer.length; ) done += writeSync(this.#fd, buffer, done);
    this.#bytes += buffer.length;
    this.#parts = [];
    this.#pending = 0;
  }
}
