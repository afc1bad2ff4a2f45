// --save-dir: every attachment of a message from someone else is fetched through the chat
// client's downloads and written to the folder once it is whole (every byte here and its
// SHA-256 the one the message names); nothing half-received is ever written.

import type { ChatClient, TimelineEntry } from '../client/client-types';
import type { DownloadState } from '../client/downloads';
import type { Attachment } from '../protocol/upload-messages';
import { writeNewFile } from './save-file';

export class AttachmentSaver {
  /** Names still to be written, per attachment whose bytes are on their way. */
  private readonly waiting = new Map<string, string[]>();
  private writing = 0;

  constructor(
    private readonly dir: string,
    private readonly client: Pick<ChatClient, 'fetchAttachment'>,
    private readonly say: (line: string) => void,
    /** Called whenever nothing is waiting or being written any more. */
    private readonly onIdle: () => void,
  ) {}

  get idle(): boolean {
    return this.waiting.size === 0 && this.writing === 0;
  }

  onEntry(entry: TimelineEntry): void {
    if (entry.kind !== 'chat' || entry.own) return;
    for (const attachment of entry.message.attachments ?? []) this.want(attachment);
  }

  /** An `attachment` event from the client. */
  onDownload(sha256: string, state: DownloadState): void {
    const names = this.waiting.get(sha256);
    if (!names || state.state === 'fetching') return;
    this.waiting.delete(sha256);
    if (state.state === 'ready') {
      for (const name of names) this.write(name, state.bytes);
    } else {
      const why =
        state.state === 'gone'
          ? 'the hub no longer holds it'
          : `its bytes did not check out (${state.reason})`;
      for (const name of names) this.say(`loopchat client: could not save ${name}: ${why}`);
    }
    this.checkIdle();
  }

  private want(attachment: Attachment): void {
    const names = this.waiting.get(attachment.sha256);
    if (names) {
      names.push(attachment.name);
      return;
    }
    this.waiting.set(attachment.sha256, [attachment.name]);
    const state = this.client.fetchAttachment(attachment);
    // Already here (the same bytes in an earlier message), or already known to be gone.
    if (state.state !== 'fetching') this.onDownload(attachment.sha256, state);
  }

  private write(name: string, bytes: Uint8Array): void {
    this.writing += 1;
    writeNewFile(this.dir, name, bytes)
      .then(
        (path) => this.say(`loopchat client: saved ${name} (${bytes.length} bytes) to ${path}`),
        (err: unknown) =>
          this.say(
            `loopchat client: could not save ${name}: ${err instanceof Error ? err.message : String(err)}`,
          ),
      )
      .finally(() => {
        this.writing -= 1;
        this.checkIdle();
      });
  }

  private checkIdle(): void {
    if (this.idle) this.onIdle();
  }
}
