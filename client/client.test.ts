import { describe, expect, it } from 'vitest';
import { LIMITS, SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import { BOB, chat, CONFIG, ME, setup, TUNING, welcome } from './test/client-harness';
import { backoffCeiling } from './backoff';

/** Opens the current socket and completes the hello/welcome exchange. */
function connectAndWelcome(ctx: ReturnType<typeof setup>, overrides = {}) {
  const socket = ctx.network.last;
  socket.open();
  socket.receive(welcome(overrides));
  return socket;
}

describe('connection client: connecting', () => {
  it('offers the subprotocol and the token, then says hello with no resume point', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = ctx.network.last;
    expect(socket.url).toBe(CONFIG.hubUrl);
    expect(socket.protocols).toEqual([SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + CONFIG.token]);
    expect(ctx.view.current.readyState).toBe(0);

    socket.open();
    expect(ctx.view.current.readyState).toBe(1);
    expect(socket.sent).toEqual([
      {
        type: 'hello',
        secret: expect.stringMatching(/^secret-\d+0+$/) as unknown,
        name: CONFIG.defaultName,
        resume: null,
      },
    ]);
  });

  it('resumes from the last seq it saw after a reconnect', () => {
    const ctx = setup();
    ctx.client.start();
    const first = connectAndWelcome(ctx);
    first.receive(chat(1, 'one'));
    first.receive(chat(2, 'two'));
    first.closed({ code: 1006, reason: '', wasClean: false });

    ctx.client.reconnectNow();
    const second = ctx.network.last;
    expect(second).not.toBe(first);
    second.open();
    expect(second.sentOfType('hello')[0]?.resume).toEqual({
      historyId: 'history-1',
      lastSeq: 2,
    });
  });

  it('shows the chat again after a reload and resumes where it left off', () => {
    const first = setup();
    first.client.start();
    const socket = connectAndWelcome(first);
    socket.receive(chat(1, 'hello'));
    socket.receive(chat(2, 'again'));
    first.client.flush();

    const reloaded = setup({ stores: first.stores });
    expect(reloaded.view.chatTexts()).toEqual(['hello', 'again']);
    reloaded.client.start();
    reloaded.network.last.open();
    expect(reloaded.network.last.sentOfType('hello')[0]?.resume).toEqual({
      historyId: 'history-1',
      lastSeq: 2,
    });
  });

  it('makes CLOSING visible even though the browser fires no event for it', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    ctx.clock.advance(1000);
    socket.readyState = 2; // the hub started the closing handshake
    ctx.clock.advance(TUNING.pollMs);
    expect(ctx.view.current.readyState).toBe(2);
    socket.closed({ code: 1001, reason: 'Hub stopping', wasClean: true });
    expect(ctx.view.current.readyState).toBe(3);
  });
});

describe('connection client: reconnecting', () => {
  it('records the close and schedules a reconnect with a visible countdown', () => {
    const ctx = setup({ random: () => 0.5 });
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    const closedAt = ctx.clock.now();
    socket.closed({ code: 1001, reason: 'Hub stopping', wasClean: true });

    const state = ctx.view.current;
    expect(state.readyState).toBe(3);
    expect(state.lastClose).toMatchObject({
      code: 1001,
      reason: 'Hub stopping',
      wasClean: true,
      meaning: 'Going Away',
    });
    expect(state.reconnect).toEqual({ at: closedAt + backoffCeiling(0) / 2, attempt: 1 });
    expect(ctx.view.notes().at(-1)).toMatch(/Disconnected: 1001 Going Away/);

    expect(ctx.network.sockets).toHaveLength(1);
    ctx.clock.advance(backoffCeiling(0) / 2);
    expect(ctx.network.sockets).toHaveLength(2);
    expect(ctx.view.current.reconnect).toBeNull();
  });

  it('keeps the close of the open connection visible while reconnect attempts fail', () => {
    const ctx = setup();
    ctx.client.start();
    connectAndWelcome(ctx).closed({ code: 1001, reason: 'Hub stopping', wasClean: true });
    for (let i = 0; i < 3; i++) {
      ctx.clock.advance(backoffCeiling(10));
      ctx.network.last.fail();
    }
    expect(ctx.network.sockets).toHaveLength(4);
    expect(ctx.view.current.lastClose).toMatchObject({ code: 1001, reason: 'Hub stopping' });
    expect(ctx.view.current.lastFailure).toMatchObject({ code: 1006, wasClean: false });
    expect(ctx.view.current.reconnect?.attempt).toBe(4);
  });

  it('waits longer after each failed attempt, up to the cap, and resets after a welcome', () => {
    const ctx = setup({ random: () => 0.999 });
    ctx.client.start();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      ctx.network.last.fail();
      const reconnect = ctx.view.current.reconnect;
      if (!reconnect) throw new Error('no reconnect scheduled');
      waits.push(reconnect.at - ctx.clock.now());
      ctx.clock.advance(reconnect.at - ctx.clock.now());
    }
    expect(waits).toEqual([499, 999, 1998, 3996, 7992, 9990, 9990]);

    connectAndWelcome(ctx).closed({ code: 1006, reason: '', wasClean: false });
    expect(ctx.view.current.reconnect?.attempt).toBe(1);
    expect((ctx.view.current.reconnect?.at ?? 0) - ctx.clock.now()).toBe(499);
  });

  it('reconnects at once on "Reconnect now" and drops the pending timer', () => {
    const ctx = setup({ random: () => 0.9 });
    ctx.client.start();
    connectAndWelcome(ctx).closed({ code: 1006, reason: '', wasClean: false });
    expect(ctx.view.current.reconnect).not.toBeNull();

    ctx.client.reconnectNow();
    expect(ctx.network.sockets).toHaveLength(2);
    expect(ctx.view.current.reconnect).toBeNull();
    ctx.clock.advance(backoffCeiling(10));
    expect(ctx.network.sockets).toHaveLength(2);
  });

  it('does not fight a newer copy of the same window (close 4000) until asked', () => {
    const ctx = setup();
    ctx.client.start();
    connectAndWelcome(ctx).closed({
      code: 4000,
      reason: 'Replaced by a newer connection from this window',
      wasClean: true,
    });
    expect(ctx.view.current.reconnect).toBeNull();
    expect(ctx.view.current.paused).toMatch(/Replaced/);
    ctx.clock.advance(60_000);
    expect(ctx.network.sockets).toHaveLength(1);

    ctx.client.reconnectNow();
    expect(ctx.network.sockets).toHaveLength(2);
    expect(ctx.view.current.paused).toBeNull();
  });

  it('stays off after the server removed it (4001) and says so, not "replaced"', () => {
    const ctx = setup();
    ctx.client.start();
    connectAndWelcome(ctx).closed({ code: 4001, reason: '', wasClean: true });
    expect(ctx.view.current.reconnect).toBeNull();
    expect(ctx.view.current.paused).toBe('removed by the server');
    expect(ctx.view.notes().at(-1)).toMatch(/The server removed this window/);
    expect(ctx.view.notes().join('\n')).not.toMatch(/connected again somewhere else/);
    ctx.clock.advance(60_000);
    expect(ctx.network.sockets).toHaveLength(1);
  });

  it('reconnects by itself after the server dropped it (4002)', () => {
    const ctx = setup();
    ctx.client.start();
    connectAndWelcome(ctx).closed({ code: 4002, reason: 'dropped', wasClean: true });
    expect(ctx.view.current.paused).toBeNull();
    ctx.clock.advance(backoffCeiling(0));
    expect(ctx.network.sockets).toHaveLength(2);
  });

  it('closes a connection that went silent and moves on if no close event comes', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    ctx.clock.advance(TUNING.silenceMs + TUNING.pingMs);
    expect(socket.closeRequest).toEqual({ code: 4100, reason: 'Hub went silent' });
    expect(ctx.view.current.readyState).toBe(2);

    ctx.clock.advance(TUNING.abandonMs);
    expect(ctx.view.current.readyState).toBe(3);
    expect(ctx.view.current.lastClose?.code).toBe(1006);
    expect(ctx.view.current.reconnect).not.toBeNull();
  });

  it('keeps a live connection that answers pings', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    for (let i = 0; i < 10; i++) {
      ctx.clock.advance(TUNING.pingMs);
      const ping = socket.sentOfType('ping').at(-1);
      if (ping) socket.receive({ type: 'pong', id: ping.id, at: ctx.clock.now() });
    }
    expect(socket.closeRequest).toBeNull();
    expect(ctx.view.current.latencyMs).toBe(0);
  });
});

describe('connection client: chat order and duplicates', () => {
  it('shows each seq once, even when the hub repeats it', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    socket.receive(chat(1, 'one'));
    socket.receive(chat(2, 'two'));
    socket.receive(chat(2, 'two'));
    socket.receive(chat(1, 'one'));
    socket.receive(chat(3, 'three'));
    expect(ctx.view.chatTexts()).toEqual(['one', 'two', 'three']);
  });

  it('on a history reset clears the chat but keeps unsent messages, and says what was skipped', () => {
    const ctx = setup();
    ctx.client.start();
    const first = connectAndWelcome(ctx);
    first.receive(chat(7, 'old'));
    first.closed({ code: 1001, reason: 'Hub stopping', wasClean: true });
    ctx.client.send('typed while offline');

    ctx.client.reconnectNow();
    const second = connectAndWelcome(ctx, { historyId: 'history-2', skipped: 3 });
    second.receive(chat(4, 'new four'));
    second.receive(chat(5, 'new five'));

    expect(ctx.view.chatTexts()).toEqual(['new four', 'new five']);
    expect(ctx.view.pending.map((p) => p.text)).toEqual(['typed while offline']);
    expect(ctx.view.notes().join('\n')).toMatch(/3 older messages not shown/);

    second.closed({ code: 1006, reason: '', wasClean: false });
    ctx.client.reconnectNow();
    ctx.network.last.open();
    expect(ctx.network.last.sentOfType('hello')[0]?.resume).toEqual({
      historyId: 'history-2',
      lastSeq: 5,
    });
  });

  it('marks own and others’ messages', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    socket.receive(chat(1, 'from bob', BOB));
    socket.receive(chat(2, 'from me', ME));
    expect(ctx.view.timeline.flatMap((e) => (e.kind === 'chat' ? [e.own] : []))).toEqual([
      false,
      true,
    ]);
  });
});

describe('connection client: sending', () => {
  it('keeps a message typed while offline pending and sends it after the welcome', () => {
    const ctx = setup();
    ctx.client.start();
    const result = ctx.client.send('hello there');
    expect(result.ok).toBe(true);
    expect(ctx.view.pending.map((p) => p.text)).toEqual(['hello there']);
    expect(ctx.network.last.sent).toEqual([]);

    const socket = ctx.network.last;
    socket.open();
    expect(socket.sentOfType('chat')).toEqual([]); // not before the hub said welcome
    socket.receive(welcome());
    expect(socket.sentOfType('chat')).toEqual([
      { type: 'chat', id: result.ok ? result.id : '', text: 'hello there' },
    ]);
  });

  it('clears the pending mark when the echo arrives, and a later ack adds nothing', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    ctx.client.send('hi all');
    const sent = socket.sentOfType('chat')[0];
    if (!sent) throw new Error('chat not sent');
    expect(ctx.view.pending).toHaveLength(1);

    socket.receive(chat(1, 'hi all', ME, sent.id));
    expect(ctx.view.pending).toEqual([]);
    socket.receive({ type: 'ack', id: sent.id, seq: 1 });
    socket.receive({ type: 'ack', id: sent.id, seq: 1 });
    expect(ctx.view.chatTexts()).toEqual(['hi all']);
  });

  it("keeps its message pending when someone else's chat reuses its id", () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    ctx.client.send('mine');
    const sent = socket.sentOfType('chat')[0];
    if (!sent) throw new Error('chat not sent');
    socket.receive(chat(1, 'theirs', BOB, sent.id));
    expect(ctx.view.pending.map((p) => p.text)).toEqual(['mine']);
    // After an ack, our own text is shown: their message with the same id is not ours.
    socket.receive({ type: 'ack', id: sent.id, seq: 2 });
    expect(ctx.view.chatTexts()).toEqual(['theirs', 'mine']);
    expect(ctx.view.pending).toEqual([]);
  });

  it('resends unacknowledged messages in order after reconnecting, once each', () => {
    const ctx = setup();
    ctx.client.start();
    const first = connectAndWelcome(ctx);
    ctx.client.send('a');
    ctx.client.send('b');
    first.closed({ code: 1006, reason: '', wasClean: false });
    ctx.client.send('c');

    ctx.client.reconnectNow();
    const second = connectAndWelcome(ctx, { history: 'resume' });
    expect(second.sentOfType('chat').map((m) => m.text)).toEqual(['a', 'b', 'c']);
    expect(ctx.view.pending.map((p) => p.text)).toEqual(['a', 'b', 'c']);
  });

  it('survives a reload with messages still unsent', () => {
    const first = setup();
    first.client.start();
    first.client.send('not yet sent');
    const reloaded = setup({ stores: first.stores });
    expect(reloaded.view.pending.map((p) => p.text)).toEqual(['not yet sent']);
    reloaded.client.start();
    const socket = connectAndWelcome(reloaded);
    expect(socket.sentOfType('chat').map((m) => m.text)).toEqual(['not yet sent']);
  });

  it('writes acknowledgements and the chat log once per persistMs, or at once on flush', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    ctx.client.send('first');
    ctx.client.send('second');
    const [first, second] = socket.sentOfType('chat');
    if (!first || !second) throw new Error('chats not sent');
    socket.receive(chat(1, 'first', ME, first.id));

    // The unacknowledged message is in storage from the moment it was sent.
    const reloadedEarly = setup({ stores: ctx.stores });
    expect(reloadedEarly.view.pending.map((p) => p.text)).toContain('second');

    ctx.clock.advance(TUNING.persistMs);
    const reloaded = setup({ stores: ctx.stores });
    expect(reloaded.view.pending.map((p) => p.text)).toEqual(['second']);
    expect(reloaded.view.chatTexts()).toEqual(['first']);

    socket.receive(chat(2, 'second', ME, second.id));
    ctx.client.flush(); // the page is being hidden: no waiting
    const afterFlush = setup({ stores: ctx.stores });
    expect(afterFlush.view.pending).toEqual([]);
    expect(afterFlush.view.chatTexts()).toEqual(['first', 'second']);
  });

  it('writes everything when it stops (pagehide), so a reload resends nothing twice', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    ctx.client.send('once');
    const sent = socket.sentOfType('chat')[0];
    if (!sent) throw new Error('chat not sent');
    socket.receive(chat(1, 'once', ME, sent.id));
    ctx.client.stop();

    const reloaded = setup({ stores: ctx.stores });
    reloaded.client.start();
    const again = connectAndWelcome(reloaded, { history: 'resume' });
    expect(again.sentOfType('chat')).toEqual([]);
    expect(reloaded.view.chatTexts()).toEqual(['once']);
  });

  it('shows a message once when only an ack confirms it (its echo was not replayed)', () => {
    const ctx = setup();
    ctx.client.start();
    ctx.client.send('lost echo');
    const socket = connectAndWelcome(ctx);
    const id = socket.sentOfType('chat')[0]?.id ?? '';
    socket.receive({ type: 'ack', id, seq: 9 });
    socket.receive({ type: 'ack', id, seq: 9 });
    expect(ctx.view.pending).toEqual([]);
    expect(ctx.view.chatTexts()).toEqual(['lost echo']);
  });

  it('refuses empty and overlong messages without queueing them', () => {
    const ctx = setup();
    expect(ctx.client.send('   \n ')).toEqual({ ok: false, reason: 'empty' });
    expect(ctx.client.send('x'.repeat(LIMITS.maxTextLength + 1))).toEqual({
      ok: false,
      reason: 'too-long',
    });
    expect(ctx.view.pending).toEqual([]);
  });

  it('retries pending messages after the hub says "rate-limited"', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    ctx.client.send('busy');
    socket.receive({ type: 'error', code: 'rate-limited', message: 'Too many messages' });
    expect(ctx.view.notes().at(-1)).toMatch(/rate-limited/);
    ctx.clock.advance(TUNING.rateLimitRetryMs);
    expect(socket.sentOfType('chat').map((m) => m.text)).toEqual(['busy', 'busy']);
  });
});

describe('connection client: people', () => {
  it('lists peers and notes who joins, leaves and renames', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    expect(ctx.view.peers).toEqual([ME, BOB]);
    const carol = { id: 'window-c', name: 'Carol' };
    socket.receive({ type: 'presence', change: { kind: 'joined', peer: carol } });
    socket.receive({
      type: 'presence',
      change: { kind: 'renamed', peer: { ...BOB, name: 'Robert' }, previousName: 'Bob' },
    });
    expect(ctx.view.peers.map((p) => p.name).sort()).toEqual(['Amber Otter', 'Carol', 'Robert']);
    socket.receive({ type: 'presence', change: { kind: 'left', peer: BOB } });
    expect(ctx.view.peers.map((p) => p.name)).toEqual(['Amber Otter', 'Carol']);
    expect(ctx.view.notes().slice(-3)).toEqual(['Carol joined', 'Bob is now Robert', 'Bob left']);
  });

  it('renames: tells the hub, remembers the name for the next start', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    expect(ctx.client.rename('  Zed  ')).toEqual({ ok: true, name: 'Zed' });
    expect(socket.sentOfType('rename')).toEqual([{ type: 'rename', name: 'Zed' }]);
    expect(ctx.view.name).toBe('Zed');

    const restarted = setup({ stores: ctx.stores });
    restarted.client.start();
    restarted.network.last.open();
    expect(restarted.network.last.sentOfType('hello')[0]?.name).toBe('Zed');
  });

  it('shows hub error frames as notes and keeps the connection', () => {
    const ctx = setup();
    ctx.client.start();
    const socket = connectAndWelcome(ctx);
    socket.receive({ type: 'error', code: 'bad-message', message: 'chat.text must be a string' });
    socket.receiveRaw('{oops');
    expect(ctx.view.notes().slice(-2)).toEqual([
      'The hub refused a message (bad-message): chat.text must be a string',
      'Unreadable frame from the hub: frame is not valid JSON',
    ]);
    expect(socket.closeRequest).toBeNull();
  });
});
