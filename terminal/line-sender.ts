// Lines typed or piped on stdin go to the chat as the outbox has room; the rest wait for
// acknowledgements. `/send PATH [text]` attaches a file through the chat client's uploads (the
// same code a window uses) and sends the message once the hub holds the file whole; lines
// after it wait their turn, so the order is kept. With --once, it says when every line is in:
// input ended, nothing queued, nothing uploading, nothing unacknowledged.

import { basename } from 'node:path';
import type { ChatClient } from '../client/client-types';
import type { UploadView } from '../client/uploads';
import { ATTACHMENT_LIMITS } from '../protocol/attachment-limits';
import { parseSendCommand } from './send-command';
import { refusalWords, sizeWords } from './words';

/** Reads a file for /send: its size first (an oversized file is never read), then its bytes. */
export interface FileReader {
  size(path: string): Promise<number>;
  read(path: string): Promise<Uint8Array>;
}

type Item =
  | { kind: 'text'; text: string }
  /** `started`: the file is being read or uploaded; the message goes once it is stored. */
  | { kind: 'file'; path: string; text: string; started: boolean };

type FileItem = Extract<Item, { kind: 'file' }>;

export class LineSender {
  private readonly queue: Item[] = [];
  private pending = 0;
  private joined = false;
  private inputEnded = false;
  private rejected = 0;
  private pumping = false;
  private uploads: readonly UploadView[] = [];

  constructor(
    private readonly client: Pick<ChatClient, 'send' | 'attach' | 'cancelUpload'>,
    private readonly warn: (line: string) => void,
    /** Called once everything is acknowledged (only with --once); `rejected` lines never went. */
    private readonly allDone: ((rejected: number) => void) | null,
    private readonly files: FileReader,
  ) {}

  add(line: string): void {
    if (line.trim() === '') return;
    const command = parseSendCommand(line);
    if (command === null) this.queue.push({ kind: 'text', text: line });
    else if (command.ok) this.queue.push({ kind: 'file', ...command, started: false });
    else {
      this.rejected += 1;
      this.warn(`loopchat client: ${command.error}`);
    }
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

  /** The files attached to the message being written, and how far each upload is. */
  setUploads(uploads: readonly UploadView[]): void {
    this.uploads = uploads;
    this.pump();
  }

  private pump(): void {
    // client.send() reports 'pending' synchronously, which calls pump() again.
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let item = this.queue[0]; item !== undefined; item = this.queue[0]) {
        if (item.kind === 'file' && !this.fileReady(item)) {
          // Given up on (the next line's turn), or still uploading.
          if (this.queue[0] !== item) continue;
          break;
        }
        const result = this.client.send(item.text);
        if (!result.ok && result.reason === 'outbox-full') break;
        this.queue.shift();
        if (result.ok) continue;
        this.rejected += 1;
        this.warn(`loopchat client: line not sent (${result.reason})`);
      }
    } finally {
      this.pumping = false;
    }
    this.checkDone();
  }

  /** Starts the file's upload if need be; true once the hub holds it and the message may go. */
  private fileReady(item: FileItem): boolean {
    if (!item.started) {
      item.started = true;
      void this.attach(item);
      return false;
    }
    const failed = this.uploads.find((u) => u.state.phase === 'failed');
    if (failed && failed.state.phase === 'failed') {
      this.giveUp(item, `${failed.name} was not stored: ${failed.state.message}`);
      return false;
    }
    return this.uploads.length > 0 && this.uploads.every((u) => u.state.phase === 'done');
  }

  private async attach(item: FileItem): Promise<void> {
    const name = basename(item.path);
    let bytes: Uint8Array;
    try {
      const size = await this.files.size(item.path);
      if (size > ATTACHMENT_LIMITS.maxFileBytes) {
        const max = sizeWords(ATTACHMENT_LIMITS.maxFileBytes);
        return this.giveUp(item, `${name} is ${sizeWords(size)}, over the ${max} a file may be`);
      }
      bytes = await this.files.read(item.path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return this.giveUp(item, `cannot read ${item.path}${code ? ` (${code})` : ''}`);
    }
    const refusal = this.client.attach([{ name, bytes }]);
    if (refusal) return this.giveUp(item, refusalWords(refusal));
    this.warn(`loopchat client: uploading ${name} (${sizeWords(bytes.length)})`);
    this.pump();
  }

  /** The file cannot go: nothing of it is sent, and the lines after it carry on. */
  private giveUp(item: FileItem, why: string): void {
    for (const upload of this.uploads) this.client.cancelUpload(upload.id);
    this.uploads = [];
    if (this.queue[0] === item) this.queue.shift();
    this.rejected += 1;
    this.warn(`loopchat client: file not sent: ${why}`);
    this.pump();
  }

  private checkDone(): void {
    if (!this.allDone || !this.inputEnded || !this.joined) return;
    if (this.queue.length === 0 && this.pending === 0) this.allDone(this.rejected);
  }
}
