// Whether the hub can save chat messages right now, as the console and the log are told it:
// "not saving" once when a write fails (with why, in a word the console can translate),
// "saving again" once when a write works again.

import type { HubEventBody, SaveProblem } from '../protocol/console';
import type { FlushResult } from './history';
import { ShortWrite } from './history-file';

/** The file-system error's code in a word: what the user can do about it differs. */
export function saveProblem(error: unknown): SaveProblem {
  if (error instanceof ShortWrite) return 'disk-full';
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'disk-full';
    case 'EACCES':
    case 'EPERM':
      return 'not-writable';
    case 'EROFS':
      return 'read-only';
    default:
      return 'failed';
  }
}

export class SavingState {
  private failing = false;

  /** The event a flush's result is news for: only the changes between saving and not. */
  onFlush(result: FlushResult): HubEventBody | null {
    if (result.kind === 'nothing') return null;
    if (result.kind === 'saved') {
      if (!this.failing) return null;
      this.failing = false;
      return { kind: 'saving-again' };
    }
    if (this.failing) return null;
    this.failing = true;
    return { kind: 'not-saving', problem: saveProblem(result.error), detail: String(result.error) };
  }
}
