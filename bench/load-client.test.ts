// The driver reads each delivery's sender index and send time from the frame's text; the
// all-send shape has senders past 9, so the index must be read whole, as the hub sends it too.

import { expect, it } from 'vitest';
import type { ChatMessage } from '../protocol/messages';
import { deflateRawSync } from 'node:zlib';
import { chatFrame, LONG_PADDING, readFrame } from './load-client';

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

it('reads a long chat too, whose text compresses like prose, not like one repeated word', () => {
  const sent = chatFrame('s3-1', 3, LONG_PADDING);
  expect(readFrame(Buffer.from(sent, 'latin1'))).toMatchObject({ kind: 'chat', sender: 3 });
  expect(LONG_PADDING.length).toBeGreaterThan(2000);
  expect(LONG_PADDING.length).toBeLessThan(2100);
  const ratio = deflateRawSync(LONG_PADDING).length / LONG_PADDING.length;
  expect(ratio).toBeGreaterThan(0.2);
  expect(ratio).toBeLessThan(0.6);
});
