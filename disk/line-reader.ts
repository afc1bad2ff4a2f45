// Reads a file line by line in fixed-size chunks, so a huge file or a huge line (a 50 MiB run
// of garbage with no newline) never becomes one string: a line longer than the bound is
// reported by its byte range only. Used for history.jsonl.

import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const CHUNK_BYTES = 64 * 1024;

export interface Line {
  /** Byte offsets in the file: [start, end), the newline not included. */
  start: number;
  end: number;
  /** The line's bytes, or null when it is longer than the bound (only its range is known). */
  bytes: Buffer | null;
  /** False for a last line with no newline after it (a torn write). */
  terminated: boolean;
}

/** Every line of the open file `fd`, in order; lines over `maxLineBytes` come without bytes. */
export function* linesOf(fd: number, maxLineBytes: number): Generator<Line> {
  const chunk = Buffer.alloc(CHUNK_BYTES);
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let start = 0;
  let position = 0;
  let overLong = false;
  for (;;) {
    const read = readSync(fd, chunk, 0, CHUNK_BYTES, position);
    if (read === 0) break;
    let from = 0;
    while (from < read) {
      const newline = chunk.indexOf(0x0a, from);
      const to = newline < 0 || newline >= read ? read : newline;
      if (!overLong && pieceBytes + (to - from) <= maxLineBytes) {
        pieces.push(Buffer.from(chunk.subarray(from, to)));
        pieceBytes += to - from;
      } else {
        overLong = true;
        pieces = [];
      }
      if (to === read) break;
      const end = position + to;
      yield { start, end, bytes: overLong ? null : Buffer.concat(pieces), terminated: true };
      start = end + 1;
      pieces = [];
      pieceBytes = 0;
      overLong = false;
      from = to + 1;
    }
    position += read;
  }
  if (position > start) {
    yield {
      start,
      end: position,
      bytes: overLong ? null : Buffer.concat(pieces),
      terminated: false,
    };
  }
}

/** linesOf for a path, closing the file when done (or when the caller stops early). */
export function* linesOfFile(path: string, maxLineBytes: number): Generator<Line> {
  const fd = openSync(path, 'r');
  try {
    yield* linesOf(fd, maxLineBytes);
  } finally {
    closeSync(fd);
  }
}

/** Copies the byte ranges `ranges` of the open file `fd` to `toFd`, a chunk at a time. */
export function copyRanges(
  fd: number,
  toFd: number,
  ranges: readonly { start: number; end: number }[],
): void {
  const chunk = Buffer.alloc(CHUNK_BYTES);
  for (const { start, end } of ranges) {
    for (let at = start; at < end;) {
      const read = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, end - at), at);
      if (read === 0) break;
      for (let done = 0; done < read;) done += writeSync(toFd, chunk, done, read - done);
      at += read;
    }
  }
}
