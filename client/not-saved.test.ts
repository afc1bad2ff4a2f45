// A chat the hub could not save (its disk is full): the window keeps it in the outbox and
// sends it again by itself, later each time, until the hub takes it; nothing shows twice.

import { describe, expect, it } from 'vitest';
import { chat, ME, setup, welcome } from './test/client-harness';

const NOT_SAVED = { type: 'error', code: 'not-saved', message: 'not saved' } as const;

function welcomed() {
  const ctx = setup(); // platform.random() is 0.5: each delay is 3/4 of its ceiling
  ctx.client.start();
  const socket = ctx.network.last;
  socket.open();
  socket.receive(welcome());
  const sent = () => socket.sentOfType('chat').map((m) => m.text);
  return { ctx, socket, sent };
}

describe('chat client: a message the hub could not save', () => {
  it('stays pending and is sent again after a delay that grows', () => {
    const { ctx, socket, sent } = welcomed();
    ctx.client.send('disk is full');
    socket.receive(NOT_SAVED);
    expect(ctx.view.pending.map((item) => item.text)).toEqual(['disk is full']);
    expect(ctx.view.notes().at(-1)).toBe(
      'The hub could not save your message (its disk is full or not writable), so nobody got it. Sending it again in 2 s.',
    );
    ctx.clock.advance(1499);
    expect(sent()).toEqual(['disk is full']);
    ctx.clock.advance(1);
    expect(sent()).toEqual(['disk is full', 'disk is full']);
    socket.receive(NOT_SAVED); // still full: wait twice as long
    ctx.clock.advance(2999);
    expect(sent()).toHaveLength(2);
    ctx.clock.advance(1);
    expect(sent()).toHaveLength(3);
  });

  it('shows it once when it gets through, and starts the delays over', () => {
    const { ctx, socket, sent } = welcomed();
    ctx.client.send('one');
    const id = socket.sentOfType('chat')[0]?.id ?? '';
    socket.receive(NOT_SAVED);
    ctx.clock.advance(1500);
    socket.receive(chat(1, 'one', ME, id));
    socket.receive({ type: 'ack', id, seq: 1 }); // a second resend, deduped by the hub
    expect(ctx.view.pending).toEqual([]);
    expect(ctx.view.chatTexts()).toEqual(['one']);
    ctx.client.send('two');
    socket.receive(NOT_SAVED);
    ctx.clock.advance(1500); // the first delay again, not the second
    expect(sent()).toEqual(['one', 'one', 'two', 'two']);
  });

  it('does not pile up timers when several messages are refused at once', () => {
    const { ctx, socket, sent } = welcomed();
    ctx.client.send('a');
    ctx.client.send('b');
    socket.receive(NOT_SAVED);
    socket.receive(NOT_SAVED);
    ctx.clock.advance(1500);
    expect(sent()).toEqual(['a', 'b', 'a', 'b']);
  });
});
