// The session's rules one by one: what send and rename take, what a welcome changes, which
// notes a welcome and a close bring, and how the link is closed for good.

import { describe, expect, it } from 'vitest';
import { LIMITS } from '../protocol/messages';
import { BOB, CONFIG, ME, TUNING, chat, setup, welcome } from './test/client-harness';

type Ctx = ReturnType<typeof setup>;

function open(ctx: Ctx, overrides: Parameters<typeof welcome>[0] = {}) {
  const socket = ctx.network.last;
  socket.open();
  socket.receive(welcome(overrides));
  return socket;
}

function started() {
  const ctx = setup();
  ctx.client.start();
  return ctx;
}

const codes = (ctx: Ctx) =>
  ctx.view.timeline.flatMap((e) => (e.kind === 'system' ? [e.note.code] : []));

describe('session: what send and rename take', () => {
  it('refuses empty and over-long text, keeps leading spaces and drops trailing ones', () => {
    const ctx = started();
    const socket = open(ctx);
    expect(ctx.client.send('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(ctx.client.send('x'.repeat(LIMITS.maxTextLength + 1))).toEqual({
      ok: false,
      reason: 'too-long',
    });
    expect(ctx.client.send('x'.repeat(LIMITS.maxTextLength)).ok).toBe(true);
    expect(ctx.client.send('  indented  \n').ok).toBe(true);
    expect(socket.sentOfType('chat').map((m) => m.text.length)).toEqual([
      LIMITS.maxTextLength,
      '  indented'.length,
    ]);
  });

  it('refuses an empty or over-long name; the same name sends nothing', () => {
    const ctx = started();
    const socket = open(ctx);
    expect(ctx.client.rename('  ')).toEqual({ ok: false, reason: 'empty' });
    expect(ctx.client.rename('n'.repeat(LIMITS.maxNameLength + 1))).toEqual({
      ok: false,
      reason: 'too-long',
    });
    expect(ctx.client.rename(ME.name)).toEqual({ ok: true, name: ME.name });
    expect(socket.sentOfType('rename')).toEqual([]);
    const longest = 'n'.repeat(LIMITS.maxNameLength);
    expect(ctx.client.rename(longest)).toEqual({ ok: true, name: longest });
    expect(ctx.stores.local.getItem(`loopchat.${CONFIG.windowKey}.name`)).toBe(longest);
  });

  it('renames offline at once, and says so in the next hello instead of a rename', () => {
    const ctx = started();
    expect(ctx.client.rename('Zed')).toEqual({ ok: true, name: 'Zed' });
    expect(ctx.view.name).toBe('Zed');
    const socket = ctx.network.last;
    socket.open();
    expect(socket.sentOfType('rename')).toEqual([]);
    expect(socket.sentOfType('hello')[0]?.name).toBe('Zed');
  });
});

describe('session: what a welcome changes', () => {
  it('takes the name the hub gave, keeps the outbox under its window key', () => {
    const ctx = started();
    open(ctx, { you: { ...ME, name: 'Amber Otter 2' } });
    expect(ctx.view.name).toBe('Amber Otter 2');
    ctx.client.send('kept');
    ctx.client.flush();
    expect(ctx.stores.session.getItem(`loopchat.${CONFIG.windowKey}.outbox`)).toContain('kept');
    expect(ctx.stores.session.getItem(`loopchat.${CONFIG.windowKey}.chat`)).not.toBeNull();
  });

  it('notes a new history only when there was something to clear, and every reconnect', () => {
    const ctx = started();
    const first = open(ctx, { skipped: 1 });
    expect(codes(ctx)).toEqual(['skipped']);
    first.receive(chat(2, 'hello'));
    first.closed({ code: 1006, reason: '', wasClean: false });
    ctx.client.reconnectNow();
    open(ctx, { historyId: 'history-2' });
    expect(codes(ctx)).toEqual(['history-reset', 'reconnected']);
    expect(ctx.view.chatTexts()).toEqual([]);
  });

  it('resumes without a note about history, from the last seq it saw', () => {
    const ctx = started();
    const first = open(ctx);
    first.receive(chat(1, 'one'));
    first.closed({ code: 1006, reason: '', wasClean: false });
    ctx.client.reconnectNow();
    const again = ctx.network.last;
    again.open();
    expect(again.sentOfType('hello')[0]?.resume).toEqual({ historyId: 'history-1', lastSeq: 1 });
    again.receive(welcome({ history: 'resume' }));
    expect(codes(ctx)).toEqual(['disconnected', 'reconnected']);
    expect(ctx.view.chatTexts()).toEqual(['one']);
  });

  it('notes a drop only once it was welcomed', () => {
    const ctx = started();
    ctx.network.last.open();
    ctx.network.last.closed({ code: 1006, reason: '', wasClean: false });
    expect(codes(ctx)).toEqual([]);
    expect(ctx.view.peers).toEqual([]);
  });

  it('notes its own rename by the hub, not its own arrival', () => {
    const ctx = started();
    const socket = open(ctx);
    socket.receive({ type: 'presence', change: { kind: 'joined', peer: ME } });
    socket.receive({
      type: 'presence',
      change: { kind: 'renamed', peer: { ...ME, name: 'Amber' }, previousName: ME.name },
    });
    expect(codes(ctx)).toEqual(['renamed-self']);
    expect(ctx.view.name).toBe('Amber');
    socket.receive({ type: 'presence', change: { kind: 'left', peer: BOB } });
    expect(codes(ctx)).toEqual(['renamed-self', 'left']);
  });
});

describe('session and link: closing for good, pings', () => {
  it('closes with 1000 and does not come back', () => {
    const ctx = started();
    const socket = open(ctx);
    ctx.client.stop();
    expect(socket.closeRequest).toEqual({ code: 1000, reason: 'Window closing' });
    socket.closed({ code: 1000, reason: 'Window closing', wasClean: true });
    expect(ctx.view.current.reconnect).toBeNull();
    ctx.clock.advance(60_000);
    expect(ctx.network.sockets).toHaveLength(1);
    expect(codes(ctx)).toEqual([]);
  });

  it('gives every ping its own id, and sends nothing before the socket opens', () => {
    const ctx = started();
    ctx.client.send('queued');
    expect(ctx.network.last.sent).toEqual([]);
    const socket = open(ctx);
    ctx.clock.advance(TUNING.pingMs);
    const ids = socket.sentOfType('ping').map((p) => p.id);
    expect(ids).toEqual(['p1', 'p2']);
  });
});

describe('session: the timeline it keeps', () => {
  it('shows the stored chats after a reload, before any welcome', () => {
    const ctx = started();
    const socket = open(ctx);
    socket.receive(chat(1, 'kept'));
    ctx.client.flush();
    const reloaded = setup({ stores: ctx.stores });
    expect(reloaded.view.chatTexts()).toEqual(['kept']);
  });

  it("a new history drops the old chat and notes, and keeps the server's announcements", () => {
    const ctx = started();
    const socket = open(ctx, { skipped: 3 });
    socket.receive({ type: 'announcement', id: 'a.1', text: 'noon', at: 1 });
    socket.receive(chat(4, 'old'));
    socket.closed({ code: 1006, reason: '', wasClean: false });
    ctx.client.reconnectNow();
    open(ctx, { historyId: 'history-2' });
    expect(codes(ctx)).toEqual(['announcement', 'history-reset', 'reconnected']);
  });
});
