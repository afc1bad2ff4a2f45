// The session's side of what the link tells it and what the hub says: what it sends only while
// welcomed, what a welcome changes, a repeated chat, an acknowledgement with no echo, presence
// that is someone else's, pushes, and discarding only what is unsure.

import { describe, expect, it } from 'vitest';
import type { ClientEvent } from './client-types';
import { BOB, chat, ME, setup, TUNING, welcome } from './test/client-harness';

function welcomed(overrides = {}) {
  const ctx = setup();
  ctx.client.start();
  const socket = ctx.network.last;
  socket.open();
  socket.receive(welcome(overrides));
  return { ...ctx, socket };
}

describe('session: only while welcomed', () => {
  it('pings on the heartbeat only once the hub has welcomed it', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = ctx.network.last;
    socket.open();
    for (let beat = 0; beat < 3; beat++) {
      socket.receive({ type: 'pong', id: 'stray', at: 1 }); // frames keep the link beating
      ctx.clock.advance(TUNING.pingMs);
    }
    expect(socket.sentOfType('ping')).toEqual([]);
    socket.receive(welcome());
    expect(socket.sentOfType('ping')).toHaveLength(1); // the latency at once
  });

  it('after the socket closes is no longer welcomed: no rename or typing goes out', () => {
    const { client, socket, view } = welcomed();
    expect(view.current.welcomed).toBe(true);
    socket.closed({ code: 1006, reason: '', wasClean: false });
    expect(view.current.welcomed).toBe(false);
    client.setTyping(true);
    expect(client.rename('Zed')).toEqual({ ok: true, name: 'Zed' });
    expect(socket.sentOfType('typing')).toEqual([]);
    expect(socket.sentOfType('rename')).toEqual([]);
    expect(view.name).toBe('Zed'); // shown at once, sent with the next hello
  });
});

describe('session: the welcome', () => {
  it('tells a listener before any welcome that nobody is online', () => {
    const ctx = setup();
    const events: ClientEvent[] = [];
    ctx.client.subscribe((event) => events.push(event));
    expect(events).toContainEqual({
      type: 'peers',
      peers: [],
      selfId: expect.any(String) as unknown,
    });
  });

  it('says the name again only when the hub changed it', () => {
    const ctx = setup();
    const names: string[] = [];
    ctx.client.subscribe((event) => event.type === 'name' && names.push(event.name));
    ctx.client.start();
    const socket = ctx.network.last;
    socket.open();
    socket.receive(welcome()); // the name it asked for
    expect(names).toEqual([ME.name]);
    socket.closed({ code: 1006, reason: '', wasClean: false });
    ctx.client.reconnectNow();
    ctx.network.last.open();
    ctx.network.last.receive(welcome({ you: { ...ME, name: `${ME.name} 2` } }));
    expect(names).toEqual([ME.name, `${ME.name} 2`]);
  });

  it('notes a history reset for a window that knew a history, even with no chat shown', () => {
    const first = welcomed();
    first.client.flush();
    first.client.stop();
    // The same window, reloaded: its log names history-1 and holds no messages.
    const again = setup({ stores: first.stores });
    again.client.start();
    again.network.last.open();
    again.network.last.receive(welcome({ historyId: 'history-2', history: 'reset' }));
    expect(again.view.notes()).toContain(
      'The hub started a new chat history; earlier messages were cleared.',
    );
  });
});

describe('session: what the hub says', () => {
  it('shows a chat received twice once, and tells the inspector it was a duplicate', () => {
    const { socket, view } = welcomed();
    const message = chat(1, 'only once');
    socket.receive(message);
    socket.receive(message);
    expect(view.chatTexts()).toEqual(['only once']);
    expect(view.wire).toContainEqual({
      kind: 'notice',
      at: expect.any(Number) as unknown,
      notice: { code: 'duplicate', seq: 1 },
    });
  });

  it('shows the own chat an acknowledgement confirms when its echo never came', () => {
    const { client, socket, view } = welcomed();
    const sent = client.send('acked, never echoed');
    if (!sent.ok) throw new Error('not sent');
    socket.receive({ type: 'ack', id: sent.id, seq: 9 });
    expect(view.pending).toEqual([]);
    expect(view.timeline.at(-1)).toMatchObject({
      kind: 'chat',
      own: true,
      message: { seq: 9, text: 'acked, never echoed', from: { id: ME.id, name: ME.name } },
    });
  });

  it("keeps the user's name when someone else renames", () => {
    const { socket, view } = welcomed();
    socket.receive({
      type: 'presence',
      change: { kind: 'renamed', peer: { ...BOB, name: 'Robert' }, previousName: 'Bob' },
    });
    expect(view.name).toBe(ME.name);
    expect(view.peers.find((peer) => peer.id === BOB.id)?.name).toBe('Robert');
  });

  it('shows a server push in the chat', () => {
    const { socket, view } = welcomed();
    socket.receive({ type: 'push', at: 5, uptimeMs: 1000, online: 2, messages: 0 });
    expect(view.timeline.at(-1)).toMatchObject({ kind: 'push' });
  });
});

describe('session: discarding', () => {
  it('discards only an unsure message: not one still being sent, nor one it never had', () => {
    const { client, view } = welcomed();
    const sent = client.send('still on its way');
    if (!sent.ok) throw new Error('not sent');
    expect(client.discard('no-such-message')).toBe(false);
    expect(client.discard(sent.id)).toBe(false);
    expect(view.pending.map((item) => item.text)).toEqual(['still on its way']);
  });
});
