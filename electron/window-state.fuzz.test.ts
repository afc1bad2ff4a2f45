// Fuzzing window-state.json: random damage (disk/test/damage.ts) written into a real file, then
// read as the app reads it at launch. It never throws; it gives back either windows that pass
// the check or none (one window opens); a file it set aside holds exactly the damaged bytes.
// Bounded in count. Seeded: LOOPCHAT_FUZZ_SEED=<seed> replays a failure.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { nodeJsonFileFs } from '../disk/json-file';
import { damage } from '../disk/test/damage';
import { fuzzSeed, prng, replayHint } from '../hub/test/fuzz-seed';
import { isStoredWindow } from '../protocol/stored-window-state';
import { readWindowState, WINDOW_STATE_FILE, type StateFiles } from './window-state-file';

const RUNS = 150;
const root = mkdtempSync(join(tmpdir(), 'loopchat-window-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files: StateFiles = { ...nodeJsonFileFs, write: (path, text) => writeFileSync(path, text) };

const original = Buffer.from(
  `${JSON.stringify({
    version: 1,
    windows: [
      { key: 'window-1', bounds: { x: 10, y: 20, width: 800, height: 600 }, maximized: false },
      { key: 'server-console', bounds: { x: 40, y: 50, width: 900, height: 700 }, maximized: true },
      { key: 'window-2', bounds: { x: -1200, y: 0, width: 640, height: 480 }, maximized: false },
    ],
  })}\n`,
);

it('reads every damaged window-state file without failing, keeping only valid windows', () => {
  const seed = fuzzSeed();
  const random = prng(seed);
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const dir = join(root, `run-${run}`);
      mkdirSync(dir);
      const path = join(dir, WINDOW_STATE_FILE);
      const damaged = damage(original, random);
      if (damaged.kind === 'folder') mkdirSync(path);
      else writeFileSync(path, damaged.bytes);
      const lines: string[] = [];
      const windows = readWindowState(files, path, (line) => lines.push(line));
      expect(windows.every(isStoredWindow), damaged.what).toBe(true);
      expect(lines.length).toBeLessThanOrEqual(1);
      const aside = readdirSync(dir, { withFileTypes: true }).filter((e) =>
        e.name.includes('.bad-'),
      );
      if (windows.length > 0) expect(aside).toEqual([]);
      if (damaged.kind === 'bytes' && aside.length > 0 && aside[0]?.isFile()) {
        expect(readFileSync(join(dir, aside[0].name)).equals(damaged.bytes)).toBe(true);
      }
    }
  } catch (err) {
    throw new Error(replayHint('window-state fuzz run', seed), { cause: err });
  }
});
