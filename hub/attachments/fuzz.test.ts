// Fuzzing the binary upload path: hostile connections send random offers, random and mutated
// chunk frames, cancels and disconnects into one upload tracker and store, while an honest
// window uploads its files on its own connection. Afterwards: nothing threw, the honest window
// saw only completions (or a storage-full refusal), every attachment file on disk holds
// exactly the bytes its name says, nothing partial is left, and the store reopens to the same
// attachments. Bounded in count. Seeded: a failure names its seed, and
// LOOPCHAT_FUZZ_SEED=<seed> replays it.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { chunkCount } from '../../protocol/attachment-limits';
import { encodeChunk } from '../../protocol/chunk-frame';
import { ATTACHMENT_KINDS, detectKind } from '../../protocol/file-kind';
import type { UploadOffer } from '../../protocol/upload-messages';
import { isUploadServerMessage } from '../../protocol/upload-validate';
import { AttachmentStore } from './attachment-store';
import { UploadTracker, type ChunkAnswer, type OfferAnswer } from './upload-tracker';
import { pngBytes, sha256, tempDirs } from './test/store-fixtures';
import { fuzzSeed, prng, replayHint } from '../test/fuzz-seed';

const C = 16;
const CAP = 600;
const ACTIONS = 1500;
const HOSTILE = [2, 3, 4];
const HONEST = 1;
const LIMITS = {
  chunkBytes: C,
  progressEveryChunks: 3,
  maxUploadsPerConnection: 3,
  maxFileBytes: 160,
  resumeWindowMs: 50,
};

type Random = () => number;
const int = (random: Random, max: number) => Math.floor(random() * max);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

function randomFile(random: Random): Uint8Array {
  const size = int(random, 130);
  if (random() < 0.4) return pngBytes(size, int(random, 255));
  return Uint8Array.from({ length: size }, () => int(random, 256));
}

function offerFor(random: Random, bytes: Uint8Array, honest: boolean): UploadOffer {
  const offer: UploadOffer = {
    type: 'upload-offer',
    id: `f${int(random, 6)}`,
    name: 'x.bin',
    size: bytes.length,
    kind: detectKind(bytes),
    sha256: sha256(bytes),
  };
  if (honest) return offer;
  const lie = int(random, 5);
  if (lie === 0) offer.kind = pick(random, ATTACHMENT_KINDS);
  if (lie === 1) offer.sha256 = sha256(Uint8Array.of(int(random, 256)));
  if (lie === 2) offer.size = int(random, 200);
  return offer;
}

/** A chunk frame: often right, often a little wrong, sometimes garbage. */
function hostileFrame(random: Random, bytes: Uint8Array, transfer: number): Uint8Array {
  const count = chunkCount(bytes.length, C);
  const index = random() < 0.7 ? int(random, count + 1) : int(random, 2 ** 32);
  const payload = bytes.subarray(index * C, (index + 1) * C);
  const final = payload.length < C || index === count - 1;
  let frame: Uint8Array;
  try {
    frame = encodeChunk(
      { transfer: random() < 0.8 ? transfer : 1 + int(random, 50), index, final, payload },
      C,
    );
  } catch {
    frame = Uint8Array.from({ length: int(random, 40) }, () => int(random, 256));
  }
  if (random() < 0.2) frame[int(random, frame.length)] = int(random, 256);
  return frame;
}

/** What the run's answers were, to show it reached the cases it is meant to. */
const seen = new Map<string, number>();

function checkAnswer(answer: OfferAnswer | ChunkAnswer): void {
  const what =
    answer === null ? 'stored' : answer.type === 'upload-error' ? answer.code : answer.type;
  seen.set(what, (seen.get(what) ?? 0) + 1);
  if (answer === null) return;
  expect(isUploadServerMessage(answer)).toBe(true);
  if (answer.type === 'upload-error') expect(answer.message.length).toBeGreaterThan(0);
}

/** Every attachment file holds exactly the bytes its name says, and the store lists exactly those. */
function checkDisk(dataDir: string, store: AttachmentStore): void {
  const dir = join(dataDir, 'attachments');
  const files = readdirSync(dir).filter((f) => /^[0-9a-f]{64}$/.test(f));
  for (const f of files)
    expect(
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ).toBe(f);
  expect(files.every((f) => store.get(f) !== undefined)).toBe(true);
  expect(store.usedBytes + store.reservedBytes).toBeLessThanOrEqual(CAP);
}

function run(seed: number): void {
  const random = prng(seed);
  const dataDir = dirs.make();
  let clock = 0;
  const store = AttachmentStore.open(dataDir, { capBytes: CAP, now: () => clock });
  const tracker = new UploadTracker(store, { limits: LIMITS, now: () => clock });
  const open = new Map<number, { bytes: Uint8Array; transfer: number; next: number }>(); // hostile, by connection
  let honest: { bytes: Uint8Array; transfer: number; next: number } | null = null;
  let honestCount = 0;

  for (let step = 0; step < ACTIONS; step += 1) {
    clock += int(random, 5);
    if (random() < 0.3) {
      // The honest window: offer a file, then send its chunks in order.
      if (honest === null) {
        const bytes = randomFile(random);
        const answer = tracker.offer(HONEST, 'honest', {
          ...offerFor(random, bytes, true),
          id: `h${(honestCount += 1)}`,
        });
        checkAnswer(answer);
        if (answer.type === 'upload-accept')
          honest = { bytes, transfer: answer.upload, next: answer.nextChunk };
        else if (answer.type === 'upload-error') expect(answer.code).toBe('storage-full');
      } else {
        const { bytes, transfer, next } = honest;
        const count = chunkCount(bytes.length, C);
        const answer = tracker.chunk(
          HONEST,
          encodeChunk(
            {
              transfer,
              index: next,
              final: next === count - 1,
              payload: bytes.subarray(next * C, (next + 1) * C),
            },
            C,
          ),
        );
        checkAnswer(answer);
        expect(answer?.type ?? 'stored').not.toBe('upload-error');
        honest.next += 1;
        if (answer?.type === 'upload-complete') {
          expect(answer.attachment.sha256).toBe(sha256(bytes));
          honest = null;
        }
      }
      continue;
    }
    const connection = pick(random, HOSTILE);
    const action = int(random, 10);
    const mine = open.get(connection);
    if (action < 3 || !mine) {
      const bytes = randomFile(random);
      const answer = tracker.offer(connection, `s${connection}`, offerFor(random, bytes, false));
      checkAnswer(answer);
      if (answer.type === 'upload-accept')
        open.set(connection, { bytes, transfer: answer.upload, next: answer.nextChunk });
    } else if (action < 8) {
      checkAnswer(tracker.chunk(connection, hostileFrame(random, mine.bytes, mine.transfer)));
    } else if (action === 8) {
      tracker.cancel(`s${connection}`, `f${int(random, 6)}`);
    } else {
      tracker.disconnected(connection);
      open.delete(connection);
      tracker.sweep();
    }
    if (step % 100 === 0) checkDisk(dataDir, store);
  }

  for (const connection of [HONEST, ...HOSTILE]) tracker.disconnected(connection);
  clock += LIMITS.resumeWindowMs;
  tracker.sweep();
  expect(tracker.size).toBe(0);
  expect(store.reservedBytes).toBe(0);
  expect(readdirSync(join(dataDir, 'attachments', 'partial'))).toEqual([]);
  checkDisk(dataDir, store);
  const reopened = AttachmentStore.open(dataDir, { capBytes: CAP });
  const listed = readdirSync(join(dataDir, 'attachments')).filter((f) => /^[0-9a-f]{64}$/.test(f));
  expect(listed.map((f) => reopened.get(f))).toEqual(listed.map((f) => store.get(f)));
  expect(honestCount).toBeGreaterThan(5);
}

/** Every kind of answer the runs must reach between them, so the fuzz exercises them all. */
const REACHED = [
  'upload-complete',
  'bad-chunk',
  'unknown-upload',
  'out-of-order',
  'type-mismatch',
  'hash-mismatch',
];

/**
 * Fixed seeds that, between them, reach every kind in REACHED: a random seed alone may miss
 * one (a rare answer such as hash-mismatch), and coverage must not depend on luck.
 */
const FIXED_SEEDS = [1, 2, 3];

it('survives random offers, chunks, cancels and drops with only whole, correct files stored', () => {
  seen.clear();
  for (const seed of [fuzzSeed(), ...FIXED_SEEDS]) {
    try {
      run(seed);
    } catch (err) {
      throw new Error(replayHint('attachment fuzz run', seed), { cause: err });
    }
  }
  expect(REACHED.filter((what) => !seen.has(what))).toEqual([]);
});
