// The client's side of the inspector (wire records), the typing indicator and announcements.

import { describe, expect, it } from 'vitest';
import { BOB, setup, welcome } from './test/client-harness';

function welcomed() {
  const ctx = setup();
  ctx.client.start();
  const socket = ctx.network.last;
  socket.open();
  socket.receive(welcome());
  return { ...ctx, socket };
}

describe('connection client: what the inspector sees', () => {
  it('records readyState changes, events and every frame as sent and received', () => {
    const { view, socket } = welcomed();
    socket.closed({ code: 4001, reason: 'kicked by console', wasClean: true });
    const summary = view.wire.map((r) => {
      switch (r.kind) {
        case 'frame':
          return `${r.direction}:${r.messageType}`;
        case 'event':
          return `event:${r.name}`;
        case 'close':
          return `close:${r.close.code}:${r.close.reason}:${r.close.wasClean}`;
        case 'state':
          return `state:${r.readyState}`;
      }
    });
    expect(summary).toEqual([
      'event:connecting',
      'state:0',
      'state:1',
      'event:open',
      'out:hello',
      'in:welcome',
      'out:ping',
      'state:3',
      'close:4001:kicked by console:true',
    ]);
    // Frames carry their exact text, so the inspector can size and pretty-print them.
    const hello = view.wire.find((r) => r.kind === 'frame' && r.direction === 'out');
    expect(hello?.kind === 'frame' && JSON.parse(hello.data)).toMatchObject({ type: 'hello' });
  });

  it('records an unreadable frame by that name, and still shows a warning', () => {
    const { view, socket } = welcomed();
    socket.receiveRaw('{"type":"nope"}');
    const last = view.wire.at(-1);
    expect(last).toMatchObject({ kind: 'frame', direction: 'in', messageType: 'unreadable' });
    expect(view.notes().at(-1)).toContain('Unreadable frame');
  });
});

describe('connection client: typing and announcements', () => {
  it('sends typing only while connected, and passes on who else is typing', () => {
    const ctx = setup();
    ctx.client.start();
    ctx.client.setTyping(true); // not open yet: dropped, not queued
    const socket = ctx.network.last;
    socket.open();
    socket.receive(welcome());
    ctx.client.setTyping(true);
    ctx.client.setTyping(false);
    expect(socket.sentOfType('typing')).toEqual([
      { type: 'typing', typing: true },
      { type: 'typing', typing: false },
    ]);
    socket.receive({ type: 'typing', from: BOB, typing: true });
    expect(ctx.view.typing).toEqual([{ from: BOB, typing: true }]);
  });

  it('shows a server announcement in the chat as a server-toned note', () => {
    const { view, socket } = welcomed();
    socket.receive({ type: 'announcement', id: 'r.1', text: 'Maintenance at noon', at: 1234 });
    expect(view.timeline.at(-1)).toEqual({
      kind: 'system',
      text: 'Server: Maintenance at noon',
      at: 1234,
      tone: 'server',
    });
  });

  it('shows each announcement once, though the hub resends it after a reconnect', () => {
    const ctx = welcomed();
    const note = {
      type: 'announcement',
      id: 'r.1',
      text: 'Maintenance at noon',
      at: 1234,
    } as const;
    const reconnect = (welcomeMessage: ReturnType<typeof welcome>) => {
      ctx.network.last.closed({ code: 1006, reason: '', wasClean: false });
      ctx.client.reconnectNow();
      const socket = ctx.network.last;
      socket.open();
      socket.receive(welcomeMessage);
      return socket;
    };
    const serverNotes = () =>
      ctx.view.timeline.flatMap((e) =>
        e.kind === 'system' && e.tone === 'server' ? [e.text] : [],
      );
    ctx.socket.receive(note);
    const again = reconnect(welcome({ history: 'resume' }));
    again.receive(note);
    again.receive({ ...note, id: 'r.2', text: 'Back at one' });
    expect(serverNotes()).toEqual(['Server: Maintenance at noon', 'Server: Back at one']);
    // A new history (the hub restarted and kept nothing): the chat starts again, the
    // announcements already shown stay.
    reconnect(welcome({ historyId: 'history-2' }));
    expect(serverNotes()).toEqual(['Server: Maintenance at noon', 'Server: Back at one']);
  });
});
