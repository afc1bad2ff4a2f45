// Reading history.jsonl at start-up, whatever state it is in. Every line is checked through
// protocol/stored.ts; what is valid is kept and the damaged rest is copied byte for byte to
// history.jsonl.bad-<time> beside it, the file is rewritten with only the kept lines, and one
// log line says what was kept and what was moved. The hub always starts.
//
// What counts as damage (docs/reliability.md names each case's test):
// - a line that is not JSON, not UTF-8, longer than MAX_LINE_BYTES, or not a stored chat (a
//   missing or mistyped field): moved aside; the lines around it are kept;
// - seqs out of order (a repeat, or a seq lower than one before it): the longest run of
//   increasing seqs is kept, the earliest lines winning a tie, and the others moved aside;
//   a gap (lines lost) is kept as a gap: the seqs windows already know stay the same;
// - no header, or a damaged one: the valid chat lines are kept under a new history id (open
//   windows then start over rather than resume);
// - a header of another version: its lines may mean something else, so the whole file is set
//   aside and a new history starts;
// - an empty file, or a folder where the file belongs: set aside, a new history starts;
// - a torn last line (a crash mid-write): kept if it is a whole chat, else moved aside.

import { randomUUID } from 'node:crypto';
import { closeSync, openSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { copyRanges, linesOfFile, type Line } from '../disk/line-reader';
import { asidePath, setAside } from '../disk/set-aside';
import type { ChatMessage } from '../protocol/messages';
import {
  isHistoryHeaderOfAnotherVersion,
  isStoredChat,
  isStoredHistoryHeader,
  type StoredHistoryHeader,
} from '../protocol/stored';

/** Far above any line Loopchat writes (4,000 characters, escaped, plus names and ids). */
export const MAX_LINE_BYTES = 256 * 1024;

type Damage = 'not JSON' | 'not a chat message' | 'seq out of order' | 'too long' | 'torn';

export interface ScannedHistory {
  header: StoredHistoryHeader | null;
  /** Files of another version, and empty ones, are set aside whole. */
  verdict: 'ok' | 'other-version' | 'empty';
  messages: ChatMessage[];
  /** Byte ranges of damaged lines, each with its newline. */
  damaged: { start: number; end: number; why: Damage }[];
  /** The last line was kept but has no newline: the next append would join it. */
  unterminated: boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function parseLine(line: Line): { ok: true; value: unknown } | { ok: false; why: Damage } {
  if (line.bytes === null) return { ok: false, why: 'too long' };
  try {
    return { ok: true, value: JSON.parse(strictUtf8.decode(line.bytes)) };
  } catch {
    return { ok: false, why: line.terminated ? 'not JSON' : 'torn' };
  }
}

/**
 * Which of `seqs` to keep: the longest strictly increasing run, taking the earliest index
 * whenever two choices keep as many (so a damaged seq never displaces the lines before it).
 */
export function longestIncreasing(seqs: readonly number[]): Set<number> {
  // from[i]: how long an increasing run starting at i can be (patience sorting, from the end).
  const from = new Array<number>(seqs.length);
  const tails: number[] = []; // tails[k]: the largest first seq of a run of length k + 1
  for (let i = seqs.length - 1; i >= 0; i -= 1) {
    const seq = seqs[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tails[mid] as number) > seq) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = seq;
    from[i] = lo + 1;
  }
  const keep = new Set<number>();
  let need = tails.length;
  let last = -Infinity;
  for (let i = 0; i < seqs.length && need > 0; i += 1) {
    if ((from[i] as number) === need && (seqs[i] as number) > last) {
      keep.add(i);
      last = seqs[i] as number;
      need -= 1;
    }
  }
  return keep;
}

/** Reads `path` (which must be a file) and sorts its lines into kept and damaged. */
export function scanHistory(path: string): ScannedHistory {
  let header: StoredHistoryHeader | null = null;
  const candidates: { message: ChatMessage; line: Line }[] = [];
  const damaged: ScannedHistory['damaged'] = [];
  const range = (line: Line) => ({ start: line.start, end: line.end + (line.terminated ? 1 : 0) });
  let first = true;
  for (const line of linesOfFile(path, MAX_LINE_BYTES)) {
    const parsed = parseLine(line);
    const isFirst = first;
    first = false;
    if (!parsed.ok) {
      damaged.push({ ...range(line), why: parsed.why });
    } else if (isFirst && isStoredHistoryHeader(parsed.value)) {
      header = parsed.value;
    } else if (isFirst && isHistoryHeaderOfAnotherVersion(parsed.value)) {
      return {
        header: null,
        verdict: 'other-version',
        messages: [],
        damaged: [],
        unterminated: false,
      };
    } else if (isStoredChat(parsed.value)) {
      candidates.push({ message: parsed.value, line });
    } else {
      damaged.push({ ...range(line), why: line.terminated ? 'not a chat message' : 'torn' });
    }
  }
  if (first)
    return { header: null, verdict: 'empty', messages: [], damaged: [], unterminated: false };
  const keep = longestIncreasing(candidates.map((c) => c.message.seq));
  const messages: ChatMessage[] = [];
  let unterminated = false;
  candidates.forEach((candidate, i) => {
    if (!keep.has(i)) damaged.push({ ...range(candidate.line), why: 'seq out of order' });
    else {
      messages.push(candidate.message);
      unterminated = !candidate.line.terminated;
    }
  });
  damaged.sort((a, b) => a.start - b.start);
  return { header, verdict: 'ok', messages, damaged, unterminated };
}

/** The history in `path` as it stands, without repairing anything; null if there is none. */
export function readHistoryFile(path: string): { id: string; messages: ChatMessage[] } | null {
  const scanned = scanHistory(path);
  return scanned.header === null ? null : { id: scanned.header.id, messages: scanned.messages };
}

export interface LoadedHistory {
  id: string;
  messages: ChatMessage[];
}

function summary(damaged: ScannedHistory['damaged']): string {
  const counts = new Map<Damage, number>();
  for (const { why } of damaged) counts.set(why, (counts.get(why) ?? 0) + 1);
  const parts = [...counts].map(([why, n]) => `${n} ${why}`);
  const bytes = damaged.reduce((sum, d) => sum + d.end - d.start, 0);
  return `${damaged.length} damaged line${damaged.length === 1 ? '' : 's'} (${parts.join(', ')}; ${bytes} bytes)`;
}

/** Writes the header and `messages` through a temporary file and a rename: never half a file. */
function rewrite(path: string, header: StoredHistoryHeader, messages: readonly ChatMessage[]) {
  const lines = [JSON.stringify(header), ...messages.map((m) => JSON.stringify(m))];
  writeFileSync(`${path}.tmp`, `${lines.join('\n')}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Copies the damaged lines to a .bad file beside `path`; returns its name. */
function copyDamaged(path: string, damaged: ScannedHistory['damaged'], now: number): string {
  const aside = asidePath(path, now);
  const from = openSync(path, 'r');
  try {
    const to = openSync(aside, 'wx');
    try {
      copyRanges(from, to, damaged);
    } finally {
      closeSync(to);
    }
  } finally {
    closeSync(from);
  }
  return basename(aside);
}

function startOver(path: string, why: string, now: number, log: (line: string) => void) {
  const aside = basename(setAside(path, now));
  const header = { loopchatHistory: 1 as const, id: randomUUID() };
  rewrite(path, header, []);
  log(`${path} ${why}: moved to ${aside}; starting a new history`);
  return { id: header.id, messages: [] };
}

const isFolder = (path: string): boolean | null => {
  try {
    return statSync(path).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
};

/**
 * Opens the history at `path` for the hub: whatever is there, it returns the valid messages
 * and leaves a file holding exactly them (a new one when there was none).
 */
export function loadHistory(
  path: string,
  log: (line: string) => void,
  now: () => number = Date.now,
): LoadedHistory {
  const folder = isFolder(path);
  if (folder === null) {
    const header = { loopchatHistory: 1 as const, id: randomUUID() };
    rewrite(path, header, []);
    return { id: header.id, messages: [] };
  }
  if (folder) return startOver(path, 'is a folder, not a file', now(), log);
  const scanned = scanHistory(path);
  if (scanned.verdict === 'empty') return startOver(path, 'is empty', now(), log);
  if (scanned.verdict === 'other-version') {
    return startOver(path, 'was written by another version of Loopchat', now(), log);
  }
  const { header, messages, damaged } = scanned;
  if (header !== null && damaged.length === 0) {
    if (scanned.unterminated) rewrite(path, header, messages); // a whole line, but torn
    return { id: header.id, messages };
  }
  const kept = header ?? { loopchatHistory: 1 as const, id: randomUUID() };
  // The damaged bytes are safe beside the file before the file loses them.
  const moved = damaged.length === 0 ? null : copyDamaged(path, damaged, now());
  rewrite(path, kept, messages);
  const noHeader = header === null ? '; it had no valid header, so it is a new history' : '';
  const what = moved === null ? '' : `; moved ${summary(damaged)} to ${moved}`;
  log(
    `${path}: kept ${messages.length} message${messages.length === 1 ? '' : 's'}${what}${noHeader}`,
  );
  return { id: kept.id, messages };
}
