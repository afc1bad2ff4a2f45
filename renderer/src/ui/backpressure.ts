// The window's socket seen from the sending side: its bufferedAmount, live, and "Flood", which
// sends big frames until bufferedAmount grows. While the hub reads, each frame leaves before the
// next and bufferedAmount keeps draining; once it stops reading (a pause from the console), TCP's
// buffers fill and the bytes pile up in the browser: backpressure, as it happens.

import type { ChatClient } from '../../../client/client-types';
import { LIMITS } from '../../../protocol/messages';
import { t } from '../i18n';
import { byId } from './dom';

const SHOW_EVERY_MS = 100;

export const FLOOD = {
  /** Frames sent at most: under the hub's burst of 200, so none is refused for rate. */
  maxFrames: 180,
  /** bufferedAmount at or past this means the bytes are not leaving. */
  grownBytes: 1024 * 1024,
} as const;

/**
 * One flood frame: an app-level ping padded with whitespace to just under the hub's frame limit
 * (JSON allows whitespace after the value), so the hub parses it and answers with a small pong.
 */
export function floodFrame(index: number): string {
  const ping = JSON.stringify({ type: 'ping', id: `flood-${index}` });
  return ping.padEnd(LIMITS.maxFrameBytes - 1024, ' ');
}

type Sender = Pick<ChatClient, 'sendRaw' | 'bufferedAmount'>;

export type FloodResult =
  | { kind: 'grew'; frames: number; bytes: number }
  | { kind: 'drained'; frames: number }
  | { kind: 'closed'; frames: number };

/** Sends one frame per task until bufferedAmount grows, the cap is reached or the socket closes. */
export async function flood(client: Sender, nextTask: () => Promise<void>): Promise<FloodResult> {
  for (let frames = 0; frames < FLOOD.maxFrames;) {
    if (!client.sendRaw(floodFrame(frames))) return { kind: 'closed', frames };
    frames += 1;
    const bytes = client.bufferedAmount;
    if (bytes >= FLOOD.grownBytes) return { kind: 'grew', frames, bytes };
    await nextTask();
  }
  return { kind: 'drained', frames: FLOOD.maxFrames };
}

function resultText(result: FloodResult): string {
  switch (result.kind) {
    case 'grew':
      return t('conn.floodGrew', { bytes: result.bytes, frames: result.frames });
    case 'drained':
      return t('conn.floodDrained', { frames: result.frames });
    case 'closed':
      return t('conn.floodClosed');
  }
}

export function mountBackpressure(client: ChatClient): void {
  const buffered = byId('buffered-amount', HTMLElement);
  const button = byId('flood', HTMLButtonElement);
  const result = byId('flood-result', HTMLElement);
  let shown = -1;
  // Polled (the socket has no event for it), but written only when it changed: an idle window
  // touches its DOM ten times a second otherwise.
  const showBuffered = () => {
    const bytes = client.bufferedAmount;
    if (bytes === shown) return;
    shown = bytes;
    buffered.textContent = t('conn.bufferedBytes', { bytes });
    buffered.dataset.bytes = String(bytes);
  };
  showBuffered();
  window.setInterval(showBuffered, SHOW_EVERY_MS);
  const nextTask = () => new Promise<void>((resolve) => window.setTimeout(resolve, 0));
  button.addEventListener('click', () => {
    button.disabled = true;
    result.textContent = '';
    void flood(client, nextTask)
      .then((outcome) => {
        result.textContent = resultText(outcome);
        result.dataset.outcome = outcome.kind;
      })
      .finally(() => {
        button.disabled = false;
        showBuffered();
      });
  });
}
