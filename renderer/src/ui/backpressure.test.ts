// The window's flood: it stops as soon as bufferedAmount grows past its mark, sends its whole
// allowance when the socket keeps draining, and every frame is one the hub answers with a pong.

import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../protocol/messages';
import { parseClientMessage } from '../../../protocol/validate';
import { flood, FLOOD, floodFrame } from './backpressure';

const noWait = () => Promise.resolve();

describe('flood', () => {
  it('stops once bufferedAmount grows: the bytes are not leaving', async () => {
    let bufferedAmount = 0;
    const sender = {
      sendRaw: (frame: string | Uint8Array) => {
        bufferedAmount += frame.length;
        return true;
      },
      get bufferedAmount() {
        return bufferedAmount;
      },
    };
    const result = await flood(sender, noWait);
    const perFrame = floodFrame(0).length;
    expect(result).toEqual({
      kind: 'grew',
      frames: Math.ceil(FLOOD.grownBytes / perFrame),
      bytes: Math.ceil(FLOOD.grownBytes / perFrame) * perFrame,
    });
  });

  it('sends its whole allowance when every frame leaves before the next', async () => {
    let sent = 0;
    const sender = { sendRaw: () => (sent += 1) > 0, bufferedAmount: 0 };
    expect(await flood(sender, noWait)).toEqual({ kind: 'drained', frames: FLOOD.maxFrames });
    expect(sent).toBe(FLOOD.maxFrames);
  });

  it('says so when the socket closes on the way', async () => {
    let sent = 0;
    const sender = { sendRaw: () => (sent += 1) <= 3, bufferedAmount: 0 };
    expect(await flood(sender, noWait)).toEqual({ kind: 'closed', frames: 3 });
  });

  it('sends pings the hub accepts, each just under its frame limit', () => {
    const frame = floodFrame(12);
    expect(new TextEncoder().encode(frame).length).toBeLessThan(LIMITS.maxFrameBytes);
    expect(frame.length).toBeGreaterThan(LIMITS.maxFrameBytes - 2048);
    expect(parseClientMessage(frame)).toMatchObject({
      ok: true,
      message: { type: 'ping', id: 'flood-12' },
    });
  });
});
