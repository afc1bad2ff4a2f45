// Where a hub without a data folder keeps attachments: a fresh folder per hub under one
// temporary parent, removed when the process exits (a memory-only history forgets its
// messages then too).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let parent: string | null = null;

/** A new, empty folder for one hub's attachments, gone when the process exits. */
export function temporaryDataDir(): string {
  if (parent === null) {
    const made = mkdtempSync(join(tmpdir(), 'loopchat-'));
    parent = made;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return mkdtempSync(join(parent, 'hub-'));
}
