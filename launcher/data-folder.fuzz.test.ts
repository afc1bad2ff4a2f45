// Fuzzing the data folder: random damage (disk/test/damage.ts) written into history.jsonl,
// tokens.json and the attachment index, then browser mode started on the folder (or the store
// opened). It always starts; every message whose line ended before the first damaged byte is
// still in its history; every attachment whose file is whole is still served; whatever was
// set aside holds the bytes that were there. Bounded in count. Seeded: a failure names its
// seed, and LOOPCHAT_FUZZ_SEED=<seed> replays it.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { damage, type Damaged, type Random } from '../disk/test/damage';
import { AttachmentStore, ATTACHMENTS_DIR } from '../hub/attachments/attachment-store';
import { pngBytes, sha256 } from '../hub/attachments/test/store-fixtures';
import { fuzzSeed, prng, replayHint } from '../hub/test/fuzz-seed';
import { detectKind } from '../protocol/file-kind';
import type { ChatMessage } from '../protocol/messages';
import { startBrowserMode, type BrowserMode } from './browser-mode';
import { TOKENS_FILE } from './token-store';

const HISTORY_RUNS = 150;
const TOKEN_RUNS = 60;
const INDEX_RUNS = 60;

const folders: string[] = [];
const modes: BrowserMode[] = [];
afterEach(async () => {
  await Promise.all(modes.splice(0).map((m) => m.hub.stop()));
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopchat-fuzz-folder-'));
  folders.push(dir);
  return dir;
}

/** Writes the damaged file (or a folder) where `path` was. */
function place(path: string, damaged: Damaged): void {
  rmSync(path, { force: true });
  if (damaged.kind === 'folder') mkdirSync(join(path, 'inside'), { recursive: true });
  else writeFileSync(path, damaged.bytes);
}

/** The bytes now in `dir`'s NAME.bad-* files, in order. */
const setAsideBytes = (dir: string, name: string): Buffer[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name.startsWith(`${name}.bad-`) && entry.isFile())
    .map((entry) => readFileSync(join(dir, entry.name)));

async function start(dataDir: string): Promise<{ mode: BrowserMode; lines: string[] }> {
  const lines: string[] = [];
  const mode = await startBrowserMode({
    staticDir: dataDir,
    port: 0,
    dataDir,
    print: (line) => lines.push(line),
  });
  modes.push(mode);
  return { mode, lines };
}

function randomHistory(
  random: Random,
  id: string,
): { text: string; messages: ChatMessage[]; ends: number[] } {
  const messages: ChatMessage[] = [];
  const count = 1 + Math.floor(random() * 30);
  let seq = 1 + Math.floor(random() * 50); // a compacted file need not start at 1
  for (let i = 0; i < count; i += 1, seq += 1) {
    const text =
      random() < 0.2
        ? '한국어 ✓ "quoted" \\ back'
        : `message ${i} ${'x'.repeat(Math.floor(random() * 80))}`;
    messages.push({
      type: 'chat',
      seq,
      id: `m${i}`,
      from: { id: `p${i % 3}`, name: `N${i % 3}` },
      text,
      at: 1_700_000_000_000 + i,
    });
  }
  let text = `${JSON.stringify({ loopchatHistory: 1, id })}\n`;
  const ends: number[] = [];
  for (const message of messages) {
    text += `${JSON.stringify(message)}\n`;
    ends.push(Buffer.byteLength(text));
  }
  return { text, messages, ends };
}

async function fuzzHistory(random: Random): Promise<void> {
  const dataDir = folder();
  const path = join(dataDir, 'history.jsonl');
  const { text, messages, ends } = randomHistory(random, 'fuzz-history');
  const damaged = damage(Buffer.from(text), random);
  place(path, damaged);
  const { mode } = await start(dataDir);
  const whole = messages.filter((_, i) => (ends[i] as number) <= damaged.firstDamaged);
  const kept = mode.hub.history.replayAfter(null, 10_000).messages;
  expect(kept.slice(0, whole.length), damaged.what).toEqual(whole);
  // The next message is sequenced after everything kept, and saved.
  const last = kept.at(-1)?.seq ?? 0;
  expect(mode.hub.history.append('after', { id: 'p9', name: 'Z' }, 'after').seq).toBe(last + 1);
  await mode.hub.stop();
  mode.lock?.release();
}

async function fuzzTokens(random: Random): Promise<void> {
  const dataDir = folder();
  const path = join(dataDir, TOKENS_FILE);
  const original = `${JSON.stringify({ chat: 'ab'.repeat(32), console: 'cd'.repeat(32) }, null, 2)}\n`;
  const damaged = damage(Buffer.from(original), random);
  place(path, damaged);
  const { mode } = await start(dataDir);
  expect(mode.token, damaged.what).toMatch(/^[0-9a-f]{16,256}$/i);
  expect(mode.consoleToken).not.toBe(mode.token);
  // A file that was replaced is beside the new one, exactly as it was.
  const aside = setAsideBytes(dataDir, TOKENS_FILE);
  if (damaged.kind === 'bytes' && aside.length > 0) {
    // Compared as bytes: a deep equality over a 1 MiB buffer would take seconds.
    expect(aside.map((bytes) => bytes.equals(damaged.bytes))).toEqual([true]);
  }
  if (aside.length === 0 && damaged.kind === 'bytes') {
    // Kept as it was: every token in it stays, and its chat token (or a new one) is in use.
    const before = JSON.parse(damaged.bytes.toString()) as Record<string, string>;
    const now = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    expect(now).toMatchObject({ ...before, chat: mode.token });
    if (before.chat !== undefined) expect(mode.token).toBe(before.chat);
  }
  await mode.hub.stop();
  mode.lock?.release();
}

function fuzzIndex(random: Random): void {
  const dataDir = folder();
  const files = [pngBytes(40, 1), pngBytes(90, 2), pngBytes(7, 3)];
  const first = AttachmentStore.open(dataDir);
  for (const bytes of files) {
    const reserved = first.reserve(bytes.length);
    if (!reserved.ok) throw new Error(reserved.message);
    reserved.partial.append(bytes);
    const committed = first.commit(reserved.partial, sha256(bytes), detectKind(bytes));
    if (!committed.ok) throw new Error(committed.message);
  }
  const indexPath = join(dataDir, ATTACHMENTS_DIR, 'index.json');
  const damaged = damage(readFileSync(indexPath), random);
  place(indexPath, damaged);
  const reopened = AttachmentStore.open(dataDir, { onRecover: () => undefined });
  for (const bytes of files) expect(reopened.get(sha256(bytes)), damaged.what).toBeDefined();
}

it(
  'starts on every damaged data file and keeps everything before the damage',
  { timeout: 60_000 },
  async () => {
    const seed = fuzzSeed();
    const random = prng(seed);
    try {
      for (let i = 0; i < HISTORY_RUNS; i += 1) await fuzzHistory(random);
      for (let i = 0; i < TOKEN_RUNS; i += 1) await fuzzTokens(random);
      for (let i = 0; i < INDEX_RUNS; i += 1) fuzzIndex(random);
    } catch (err) {
      throw new Error(replayHint('data folder fuzz run', seed), { cause: err });
    }
  },
);
