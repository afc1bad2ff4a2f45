// Lines typed or piped on stdin go to the chat as the outbox has room; the rest wait for
// acknowledgements. With --once, it says when every line is in: input ended, nothing queued,
// nothing unacknowledged.

import type { ConnectionClient } from '../client/client-types';

export class LineSender {
  private readonly queue: string[] = [];
  private pending = 0;
  private joined = false;
  private inputEnded = false;
  private rejected = 0;
  private pumping = false;

  constructor(
    private readonly client: ConnectionClient,
    private readonly warn: (line: string) => void,
    /** Called once everything is acknowledged (only with --once); `rejected` lines never went. */
    private readonly allDone: ((rejected: number) => void) | null,
  ) {}

  add(line: string): void {
    if (line.trim() === '') return;
    this.queue.push(line);
    this.pump();
  }

  endOfInput(): void {
    this.inputEnded = true;
    this.checkDone();
  }

  /** The hub welcomed us: queued lines can go. */
  welcomed(): void {
    this.joined = true;
    this.pump();
  }

  /** The outbox now holds `count` unacknowledged messages. */
  setPending(count: number): void {
    this.pending = count;
    this.pump();
  }

  private pump(): void {
    // client.send() reports 'pending' synchronously, which calls pump() again.
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let line = this.queue.shift(); line !== undefined; line = this.queue.shift()) {
        const result = this.client.send(line);
        if (result.ok) continue;
        if (result.reason === 'outbox-full') {
          this.queue.unshift(line);
          break;
        }
        this.rejected += 1;
        this.warn(`loopchat client: line not sent (${result.reason})`);
      }
    } finally {
      this.pumping = false;
    }
    this.checkDone();
  }

  private checkDone(): void {
    if (!this.allDone || !this.inputEnded || !this.joined) return;
    if (this.queue.length === 0 && this.pending === 0) this.allDone(this.rejected);
  }
}
