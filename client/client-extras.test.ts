// The client's side of the inspector (wire records), the typing indicator and announcements.

import { describe, expect, it } from 'vitest';
import { noteText } from '../renderer/src/connection/client-text';
import { TIMELINE_LIMIT } from './chat-timeline';
import type { TimelineEntry } from './client-types';
import { BOB, chat, setup, welcome } from './test/client-harness';

function welcomed() {
  const ctx = setup();
  ctx.client.start();
  const socket = ctx.network.last;
  socket.open();
  socket.receive(welcome());
  return { ...ctx, socket };
}

describe('chat client: what the inspector sees', () => {
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

describe('chat client: typing and announcements', () => {
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
      note: { code: 'announcement', text: 'Maintenance at noon' },
      at: 1234,
      tone: 'server',
    });
    expect(view.notes().at(-1)).toBe('Server: Maintenance at noon');
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
        e.kind === 'system' && e.tone === 'server' ? [noteText(e.note)] : [],
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

describe('chat client: announcements remembered', () => {
  it('forgets the oldest announcement ids beyond 200, so an old one may show again', () => {
    const ctx = welcomed();
    const announce = (n: number) =>
      ctx.socket.receive({ type: 'announcement', id: `a.${n}`, text: `n${n}`, at: n });
    for (let n = 1; n <= 201; n++) announce(n);
    const shown = () => ctx.view.timeline.filter((e) => e.kind === 'system').length;
    expect(shown()).toBe(201);
    announce(201); // still remembered
    announce(2); // still remembered: only the oldest was forgotten
    expect(shown()).toBe(201);
    announce(1); // forgotten: shown again
    expect(shown()).toBe(202);
  });
});

describe('chat client: notes and their tone', () => {
  const tones = (ctx: ReturnType<typeof setup>) =>
    ctx.view.timeline.flatMap((e) => (e.kind === 'system' ? [[e.note.code, e.tone]] : []));

  it('marks what went wrong as a warning and the rest as information', () => {
    const ctx = welcomed();
    ctx.socket.receive({
      type: 'presence',
      change: { kind: 'joined', peer: { id: 'window-c', name: 'Carol' } },
    });
    ctx.socket.receive({ type: 'error', code: 'bad-message', message: 'no' });
    ctx.socket.receiveRaw('{oops');
    ctx.socket.closed({ code: 1001, reason: 'Hub stopping', wasClean: true });
    expect(tones(ctx)).toEqual([
      ['joined', 'info'],
      ['refused', 'warning'],
      ['unreadable', 'warning'],
      ['disconnected', 'warning'],
    ]);
  });

  it('says so when a socket cannot even be created, and tries again', () => {
    const ctx = setup();
    ctx.network.failNextOpen = new SyntaxError('bad URL');
    ctx.client.start();
    expect(ctx.network.sockets).toHaveLength(0);
    expect(ctx.view.timeline.at(-1)).toMatchObject({
      kind: 'system',
      note: { code: 'could-not-open', error: 'SyntaxError: bad URL' },
      tone: 'warning',
    });
    expect(ctx.view.wire.at(-1)).toMatchObject({
      kind: 'event',
      name: 'error',
      detail: 'SyntaxError: bad URL',
    });
    expect(ctx.view.current.reconnect).toMatchObject({ attempt: 1 });
    ctx.clock.advance(ctx.view.current.reconnect?.at ?? 0);
    expect(ctx.network.sockets).toHaveLength(1);
  });

  it('marks a close that does not reconnect as a warning, and removal as removal', () => {
    const replaced = welcomed();
    replaced.socket.closed({ code: 4000, reason: '', wasClean: true });
    expect(tones(replaced).at(-1)).toEqual(['replaced', 'warning']);
    expect(replaced.view.current.paused).toEqual({
      code: 'closed',
      closeCode: 4000,
      reason: '',
      meaning: replaced.view.current.lastClose?.meaning,
    });
    const removed = welcomed();
    removed.socket.closed({ code: 4001, reason: 'bye', wasClean: true });
    expect(tones(removed).at(-1)).toEqual(['removed', 'warning']);
  });
});

describe('chat client: listeners', () => {
  it('tells a late listener the current state first, and nothing after it unsubscribes', () => {
    const ctx = welcomed();
    ctx.socket.receive(chat(1, 'before'));
    const events: string[] = [];
    const stop = ctx.client.subscribe((event) => events.push(event.type));
    expect(events).toEqual(['connection', 'name', 'timeline-reset', 'pending', 'peers', 'uploads']);
    stop();
    ctx.socket.receive(chat(2, 'after'));
    ctx.client.send('mine');
    expect(events).toHaveLength(6);
    expect(ctx.view.chatTexts()).toEqual(['before', 'after']); // the others still hear
  });

  it('gives a late listener only the newest entries of a long chat', () => {
    const ctx = welcomed();
    const count = 2 * TIMELINE_LIMIT + 5;
    for (let seq = 1; seq <= count; seq++) ctx.socket.receive(chat(seq, `m${seq}`));
    let entries: readonly TimelineEntry[] = [];
    ctx.client.subscribe((event) => {
      if (event.type === 'timeline-reset') entries = event.entries;
    });
    expect(entries).toHaveLength(TIMELINE_LIMIT);
    const texts = entries.map((e) => (e.kind === 'chat' ? e.message.text : ''));
    expect(texts.at(0)).toBe(`m${count - TIMELINE_LIMIT + 1}`);
    expect(texts.at(-1)).toBe(`m${count}`);
  });
});
