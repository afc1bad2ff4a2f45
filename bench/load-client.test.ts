// The driver reads each delivery's sender index and send time from the frame's text; the
// all-send shape has senders past 9, so the index must be read whole, as the hub sends it too.

import { expect, it } from 'vitest';
import type { ChatMessage } from '../protocol/messages';
import { chatFrame, readFrame } from './load-client';

/** The chat as the hub relays it; the bare relays forward the sent frame itself. */
const hubFrame = (sent: string): string => {
  const { id, text } = JSON.parse(sent) as { id: string; text: string };
  const from = { id: 'client-3', name: 'client-3' };
  return JSON.stringify({ type: 'chat', seq: 7, id, from, text, at: 1 } satisfies ChatMessage);
};

it.each([0, 7, 10, 42, 99, 123])('reads sender %i from a relayed and a hub frame', (sender) => {
  const sent = chatFrame(`s${sender}-1`, sender);
  for (const frame of [sent, hubFrame(sent)]) {
    const read = readFrame(Buffer.from(frame, 'latin1'));
    expect(read).toMatchObject({ kind: 'chat', sender });
    expect(read.kind === 'chat' && read.sentAt).toBeGreaterThan(0);
  }
});

it('tells error and other frames from chats', () => {
  expect(readFrame(Buffer.from('{"type":"error","code":"rate"}'))).toEqual({ kind: 'error' });
  expect(readFrame(Buffer.from('{"type":"pong","id":"x"}'))).toEqual({ kind: 'other' });
});
