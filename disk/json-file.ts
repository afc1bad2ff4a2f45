// A small JSON file in the data folder (tokens.json, window-state.json), read through its
// format's check. Missing: the default. Unusable in any way (a folder in its place, empty, too
// large, binary bytes, not JSON, the wrong shape): set aside as NAME.bad-<time> (set-aside.ts)
// and the default, with one log line saying what was moved and what the app does instead.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { nodeSetAsideFs, setAside, type SetAsideFs } from './set-aside';

/** Far above any file Loopchat writes of this kind: a larger one is not ours. */
export const MAX_JSON_FILE_BYTES = 1024 * 1024;

export interface JsonFileFs extends SetAsideFs {
  /**
   * The file's bytes, or null when there is none; at most `maxBytes + 1` of them, so a file too
   * large is seen without reading it all. Throws for a folder (EISDIR) or no permission.
   */
  read(path: string, maxBytes: number): Uint8Array | null;
}

const errorCode = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

export const nodeJsonFileFs: JsonFileFs = {
  ...nodeSetAsideFs,
  read(path, maxBytes) {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return null;
      throw err;
    }
    try {
      if (fstatSync(fd).isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      for (let n = -1; n !== 0 && length < buffer.length; length += n) {
        n = readSync(fd, buffer, length, buffer.length - length, null);
      }
      return buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  },
};

export interface JsonFileOptions<T> {
  /** The format's validator (protocol/stored-*.ts). */
  check: (value: unknown) => value is T;
  /** What the file is, for the log line: "window-state file". */
  what: string;
  /** What the app does without it, for the log line: "opening one window". */
  instead: string;
  log: (line: string) => void;
  fs?: JsonFileFs;
  now?: () => number;
  maxBytes?: number;
}

export type JsonFileRead<T> =
  | { kind: 'read'; value: T }
  | { kind: 'missing' }
  /** Damaged and moved to `aside` (or left where it is, when even that failed). */
  | { kind: 'set-aside'; problem: string; aside: string | null }
  /** Could not be read at all (no permission, an I/O error): left alone. */
  | { kind: 'unreadable'; problem: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Why `bytes` are not a usable file of this format, or the value they hold. */
function parse<T>(
  bytes: Uint8Array,
  options: JsonFileOptions<T>,
  maxBytes: number,
): { ok: true; value: T } | { ok: false; problem: string } {
  if (bytes.length === 0) return { ok: false, problem: 'is empty' };
  if (bytes.length > maxBytes) return { ok: false, problem: `is larger than ${maxBytes} bytes` };
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'holds binary bytes, not text' };
  }
  if (text.includes('\0')) return { ok: false, problem: 'holds binary bytes, not text' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
  if (!options.check(value)) return { ok: false, problem: `is not a valid ${options.what}` };
  return { ok: true, value };
}

export function readJsonFile<T>(path: string, options: JsonFileOptions<T>): JsonFileRead<T> {
  const fs = options.fs ?? nodeJsonFileFs;
  const maxBytes = options.maxBytes ?? MAX_JSON_FILE_BYTES;
  let bytes: Uint8Array | null;
  let problem: string;
  try {
    bytes = fs.read(path, maxBytes);
    if (bytes === null) return { kind: 'missing' };
    const parsed = parse(bytes, options, maxBytes);
    if (parsed.ok) return { kind: 'read', value: parsed.value };
    problem = parsed.problem;
  } catch (err) {
    if (errorCode(err) !== 'EISDIR') {
      const why = `could not be read (${errorCode(err) ?? String(err)})`;
      options.log(`${path} ${why}; ${options.instead}`);
      return { kind: 'unreadable', problem: why };
    }
    problem = 'is a folder, not a file';
  }
  try {
    const aside = setAside(path, (options.now ?? Date.now)(), fs);
    options.log(`${path} ${problem}; moved to ${basename(aside)}; ${options.instead}`);
    return { kind: 'set-aside', problem, aside };
  } catch (err) {
    options.log(
      `${path} ${problem} and could not be moved aside (${String(err)}); ${options.instead}`,
    );
    return { kind: 'set-aside', problem, aside: null };
  }
}
