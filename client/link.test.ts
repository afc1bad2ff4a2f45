// The link alone, on a fake socket and a manual clock: what it emits and what status() says.

import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../protocol/close-codes';
import type { ServerMessage } from '../protocol/messages';
import { DEFAULT_TUNING } from './client';
import type { ClientPlatform, WireRecord } from './client-types';
import { Link, type LinkEvent } from './link';
import { CLOSED, CLOSING, CONNECTING, OPEN } from './ready-state';
import { MemoryStore } from './storage';
import { CONFIG } from './test/client-harness';
import { FakeClock } from './test/fake-clock';
import { FakeNetwork } from './test/fake-socket';

const PONG: ServerMessage = { type: 'pong', id: 'p1', at: 1 };

function setup(extra: Partial<ClientPlatform> = {}) {
  const clock = new FakeClock();
  const network = new FakeNetwork();
  const platform: ClientPlatform = {
    openSocket: network.openSocket,
    schedule: clock.schedule,
    now: clock.now,
    random: () => 0.5,
    randomId: () => 'id',
    randomSecret: () => 's'.repeat(43),
    sha256: () => Promise.resolve('0'.repeat(64)),
    session: new MemoryStore(),
    local: new MemoryStore(),
    ...extra,
  };
  const link = new Link({ config: CONFIG, platform, tuning: DEFAULT_TUNING });
  const events: LinkEvent[] = [];
  link.subscribe((event) => events.push(event));
  const types = (): string[] =>
    events.filter((e) => e.type !== 'changed' && e.type !== 'wire').map((e) => e.type);
  const wire = (): WireRecord[] => events.flatMap((e) => (e.type === 'wire' ? [e.record] : []));
  return { clock, network, link, events, types, wire };
}

describe('Link: before anything happens', () => {
  it('has no socket, no protocol, no close, no failure, no reconnect and no pause', () => {
    const { link, network } = setup();
    expect(link.status()).toEqual({
      readyState: null,
      protocol: '',
      lastClose: null,
      lastFailure: null,
      reconnect: null,
      paused: null,
    });
    expect(network.sockets).toHaveLength(0);
    expect(link.send({ type: 'ping', id: 'p1' })).toBe(false);
  });

  it('status() is a copy: changing it changes nothing', () => {
    const { link } = setup();
    const status = link.status();
    status.protocol = 'changed';
    expect(link.status().protocol).toBe('');
  });
});

describe('Link: opening', () => {
  it('opens one socket with the subprotocol and the token entry, and records each state', () => {
    const { link, network, wire, types } = setup();
    link.start();
    expect(network.sockets).toHaveLength(1);
    expect(network.last.url).toBe(CONFIG.hubUrl);
    expect(network.last.protocols).toEqual(['loopchat.v1', `loopchat.token.${CONFIG.token}`]);
    expect(link.status().readyState).toBe(CONNECTING);
    network.last.open('loopchat.v1');
    expect(link.status()).toMatchObject({ readyState: OPEN, protocol: 'loopchat.v1' });
    expect(types()).toEqual(['open']);
    const records = wire();
    expect(records[0]).toMatchObject({ kind: 'event', name: 'connecting', detail: CONFIG.hubUrl });
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'state', readyState: CONNECTING }),
    );
    expect(records).toContainEqual(expect.objectContaining({ kind: 'state', readyState: OPEN }));
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'event', name: 'open', detail: 'loopchat.v1' }),
    );
  });

  it('a second start or reconnectNow while a socket exists opens nothing more', () => {
    const { link, network } = setup();
    link.start();
    link.start();
    link.reconnectNow();
    expect(network.sockets).toHaveLength(1);
    network.last.open();
    link.reconnectNow();
    expect(network.sockets).toHaveLength(1);
  });

  it('sends only while OPEN, and records what it sent', () => {
    const { link, network, wire } = setup();
    link.start();
    expect(link.send({ type: 'ping', id: 'p1' })).toBe(false);
    network.last.open();
    expect(link.send({ type: 'ping', id: 'p2' })).toBe(true);
    expect(network.last.sent).toEqual([{ type: 'ping', id: 'p2' }]);
    expect(wire().at(-1)).toMatchObject({
      kind: 'frame',
      direction: 'out',
      messageType: 'ping',
      data: '{"type":"ping","id":"p2"}',
    });
    network.last.close();
    expect(link.send({ type: 'ping', id: 'p3' })).toBe(false);
  });

  it('a socket that cannot be created is reported, and retried after the backoff', () => {
    const { link, network, types, wire, clock } = setup();
    network.failNextOpen = new SyntaxError('bad url');
    link.start();
    expect(types()).toEqual(['open-failed']);
    expect(wire()[0]).toMatchObject({
      kind: 'event',
      name: 'error',
      detail: 'SyntaxError: bad url',
    });
    const reconnect = link.status().reconnect;
    expect(reconnect?.attempt).toBe(1);
    expect(network.sockets).toHaveLength(0);
    clock.advance((reconnect?.at ?? 0) - clock.now());
    expect(network.sockets).toHaveLength(1);
    expect(link.status().reconnect).toBeNull();
  });
});

describe('Link: frames from the hub', () => {
  it('emits a valid frame as a message and records it with its type', () => {
    const { link, network, events, wire } = setup();
    link.start();
    network.last.open();
    network.last.receive(PONG);
    expect(events).toContainEqual({ type: 'message', message: PONG });
    expect(wire().at(-1)).toMatchObject({ kind: 'frame', direction: 'in', messageType: 'pong' });
  });

  it('an unreadable frame is reported, not emitted as a message', () => {
    const { link, network, types, wire } = setup();
    link.start();
    network.last.open();
    network.last.receiveRaw('{"type":"nonsense"}');
    expect(types()).toEqual(['open', 'unreadable']);
    expect(wire().at(-1)).toMatchObject({ messageType: 'unreadable', data: '{"type":"nonsense"}' });
  });

  it('a binary frame is emitted as its bytes and recorded with its size and head', () => {
    const { link, network, events, wire } = setup();
    link.start();
    network.last.open();
    network.last.receiveRaw(new Uint8Array([1, 2, 3, 4]).buffer);
    expect(events).toContainEqual({ type: 'binary', bytes: new Uint8Array([1, 2, 3, 4]) });
    expect(wire().at(-1)).toMatchObject({ kind: 'binary', direction: 'in', size: 4 });
  });

  it('a frame that is neither text nor bytes is recorded as unreadable and goes no further', () => {
    const { link, network, types, wire } = setup();
    link.start();
    network.last.open();
    network.last.receiveRaw(42);
    expect(types()).toEqual(['open']);
    expect(wire().at(-1)).toMatchObject({
      kind: 'frame',
      direction: 'in',
      messageType: 'unreadable',
    });
  });

  it('events from a socket that is no longer the current one are ignored', () => {
    const { link, network, types } = setup();
    link.start();
    const first = network.last;
    first.open();
    first.closed({ code: 1012, reason: 'restart', wasClean: true });
    link.reconnectNow();
    const before = types().length;
    first.receive(PONG);
    first.closed({ code: 1000, reason: '', wasClean: true });
    first.fail();
    expect(types()).toHaveLength(before);
    expect(network.sockets).toHaveLength(2);
  });
});

describe('Link: closing', () => {
  it('a close that reconnects schedules the next attempt and says so', () => {
    const { link, network, events, clock } = setup();
    link.start();
    network.last.open();
    network.last.closed({ code: 1012, reason: 'restart', wasClean: true });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'closed', outcome: 'reconnecting' }),
    );
    const status = link.status();
    expect(status.readyState).toBe(CLOSED);
    expect(status.lastClose).toMatchObject({ code: 1012, reason: 'restart' });
    expect(status.lastFailure).toBeNull();
    expect(status.reconnect?.attempt).toBe(1);
    clock.advance((status.reconnect?.at ?? 0) - clock.now());
    expect(network.sockets).toHaveLength(2);
  });

  it('a close the window must not race (replaced) pauses instead of reconnecting', () => {
    const { link, network, events } = setup();
    link.start();
    network.last.open();
    network.last.closed({ code: CLOSE_CODES.replaced.code, reason: 'replaced', wasClean: true });
    const closed = events.find((e) => e.type === 'closed');
    expect(closed).toMatchObject({ outcome: 'paused' });
    expect(link.status().paused).toMatchObject({
      code: 'closed',
      closeCode: CLOSE_CODES.replaced.code,
      reason: 'replaced',
    });
    expect(link.status().reconnect).toBeNull();
  });

  it('a socket that never opened is a failure, kept apart from the last real close', () => {
    const { link, network, clock } = setup();
    link.start();
    network.last.open();
    network.last.closed({ code: 1012, reason: 'restart', wasClean: true });
    clock.advance((link.status().reconnect?.at ?? 0) - clock.now());
    network.last.fail();
    const status = link.status();
    expect(status.lastClose).toMatchObject({ code: 1012 });
    expect(status.lastFailure).toMatchObject({ code: 1006 });
    expect(status.reconnect?.attempt).toBe(2);
  });

  it('the backoff grows with each failed attempt and starts again after resetBackoff', () => {
    const { link, network, clock } = setup();
    link.start();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      network.last.fail();
      const at = link.status().reconnect?.at ?? 0;
      delays.push(at - clock.now());
      clock.advance(at - clock.now());
    }
    expect(delays[1]).toBeGreaterThan(delays[0] ?? 0);
    expect(delays[2]).toBeGreaterThan(delays[1] ?? 0);
    link.resetBackoff();
    network.last.fail();
    expect((link.status().reconnect?.at ?? 0) - clock.now()).toBe(delays[0]);
  });

  it('stop closes an open socket with 1000, cancels a pending reconnect and reconnects no more', () => {
    const { link, network, events, clock } = setup();
    link.start();
    network.last.open();
    link.stop();
    expect(network.last.closeRequest).toEqual({ code: 1000, reason: 'Window closing' });
    expect(link.status().readyState).toBe(CLOSING);
    network.last.closed({ code: 1000, reason: 'Window closing', wasClean: true });
    expect(events).toContainEqual(expect.objectContaining({ type: 'closed', outcome: 'stopped' }));
    clock.advance(60_000);
    expect(network.sockets).toHaveLength(1);
  });

  it('stop during the backoff cancels the attempt; reconnectNow starts one at once', () => {
    const { link, network, clock } = setup();
    link.start();
    network.last.fail();
    expect(link.status().reconnect).not.toBeNull();
    link.stop();
    expect(link.status().reconnect).toBeNull();
    clock.advance(60_000);
    expect(network.sockets).toHaveLength(1);
    link.reconnectNow();
    expect(network.sockets).toHaveLength(2);
  });

  it('stop does not close a socket that is already closing again', () => {
    const { link, network } = setup();
    link.start();
    network.last.open();
    network.last.close(4000, 'mine');
    link.stop();
    expect(network.last.closeRequest).toEqual({ code: 4000, reason: 'mine' });
  });

  it('polling makes CLOSING visible though the socket fires no event for it', () => {
    const { link, network, clock, wire } = setup();
    link.start();
    network.last.open();
    network.last.readyState = CLOSING;
    clock.advance(DEFAULT_TUNING.pollMs);
    expect(link.status().readyState).toBe(CLOSING);
    expect(wire().at(-1)).toMatchObject({ kind: 'state', readyState: CLOSING });
  });
});

describe('Link: liveness', () => {
  it('beats every pingMs while frames arrive', () => {
    const { link, network, clock, events } = setup();
    link.start();
    network.last.open();
    clock.advance(DEFAULT_TUNING.pingMs * 3);
    expect(events.filter((e) => e.type === 'beat')).toHaveLength(3);
  });

  it('closes a silent socket with 4100 (Hub Silent) and gives up on its close after abandonMs', () => {
    const { link, network, clock, events, wire } = setup();
    link.start();
    const silent = network.last;
    silent.open();
    clock.advance(DEFAULT_TUNING.silenceMs + DEFAULT_TUNING.pingMs);
    expect(silent.closeRequest?.reason).toBe('Hub went silent');
    expect(wire()).toContainEqual(
      expect.objectContaining({
        kind: 'notice',
        notice: { code: 'silent', ms: DEFAULT_TUNING.silenceMs },
      }),
    );
    expect(events.some((e) => e.type === 'closed')).toBe(false);
    clock.advance(DEFAULT_TUNING.abandonMs);
    const closed = events.find((e) => e.type === 'closed');
    expect(closed).toMatchObject({
      close: { code: 1006, abandoned: true },
      outcome: 'reconnecting',
    });
  });

  it('a frame now and then keeps the socket alive', () => {
    const { link, network, clock } = setup();
    link.start();
    network.last.open();
    for (let i = 0; i < 10; i++) {
      clock.advance(DEFAULT_TUNING.pingMs);
      network.last.receive(PONG);
    }
    expect(network.last.closeRequest).toBeNull();
  });
});

describe('Link: a refused token', () => {
  it('asks the hub once why, and stops retrying a token from an earlier run', async () => {
    let asked = 0;
    const { link, network } = setup({
      checkRefusal: async () => {
        asked += 1;
        return 'wrong-token';
      },
    });
    link.start();
    network.last.fail();
    await Promise.resolve();
    await Promise.resolve();
    expect(asked).toBe(1);
    expect(link.status().paused).toEqual({ code: 'stale-link' });
    expect(link.status().reconnect).toBeNull();
  });

  it('keeps retrying when the hub says the token is fine', async () => {
    const { link, network } = setup({ checkRefusal: async () => 'ok' });
    link.start();
    network.last.fail();
    await Promise.resolve();
    await Promise.resolve();
    expect(link.status().paused).toBeNull();
    expect(link.status().reconnect).not.toBeNull();
  });
});

describe('Link: what it records, exactly', () => {
  const changes = (events: LinkEvent[]): number =>
    events.filter((e) => e.type === 'changed').length;

  it('a poll that finds nothing new records nothing and tells nobody', () => {
    const { link, network, clock, events } = setup();
    link.start();
    network.last.open();
    const before = events.length;
    clock.advance(DEFAULT_TUNING.pollMs * 5);
    expect(events.slice(before).filter((e) => e.type !== 'beat')).toEqual([]);
  });

  it('a new protocol alone is a change, without a state record', () => {
    const { link, network, clock, events, wire } = setup();
    link.start();
    network.last.open('loopchat.v1');
    const states = wire().filter((r) => r.kind === 'state').length;
    const before = changes(events);
    network.last.protocol = 'other';
    clock.advance(DEFAULT_TUNING.pollMs);
    expect(link.status().protocol).toBe('other');
    expect(changes(events)).toBe(before + 1);
    expect(wire().filter((r) => r.kind === 'state')).toHaveLength(states);
  });

  it('an error is recorded with no detail (browsers give none); CLOSED is recorded once', () => {
    const { link, network, wire } = setup();
    link.start();
    network.last.fail();
    const records = wire();
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'event', name: 'error', detail: '' }),
    );
    expect(records.filter((r) => r.kind === 'state' && r.readyState === CLOSED)).toHaveLength(1);
    const close = records.find((r) => r.kind === 'close');
    expect(close).toBeDefined();
    expect(close && 'abandoned' in close).toBe(false);
  });

  it('a stale socket records nothing, not even an error', () => {
    const { link, network, wire } = setup();
    link.start();
    const first = network.last;
    first.open();
    first.closed({ code: 1012, reason: '', wasClean: true });
    link.reconnectNow();
    const before = wire().length;
    first.fail();
    first.open();
    expect(wire()).toHaveLength(before);
    expect(link.status().readyState).toBe(CONNECTING);
  });

  it('the last close is the newest socket that opened; later failures do not replace it', () => {
    const { link, network } = setup();
    link.start();
    network.last.open();
    network.last.closed({ code: 1012, reason: '', wasClean: true });
    link.reconnectNow();
    network.last.open();
    network.last.closed({ code: 1001, reason: 'going away', wasClean: true });
    expect(link.status().lastClose).toMatchObject({ code: 1001 });
    expect(link.status().lastFailure).toBeNull();
  });

  it('asks why it was refused only for a socket that never opened, one question at a time', async () => {
    let asked = 0;
    let answer: (v: 'ok') => void = () => undefined;
    const { link, network, clock } = setup({
      checkRefusal: () => {
        asked += 1;
        return new Promise((resolve) => (answer = resolve));
      },
    });
    link.start();
    network.last.open();
    network.last.closed({ code: 1012, reason: '', wasClean: true });
    expect(asked).toBe(0);
    link.reconnectNow();
    network.last.fail();
    expect(asked).toBe(1);
    clock.advance((link.status().reconnect?.at ?? 0) - clock.now());
    network.last.fail();
    expect(asked).toBe(1);
    answer('ok');
    await Promise.resolve();
    await Promise.resolve();
    clock.advance((link.status().reconnect?.at ?? 0) - clock.now());
    network.last.fail();
    expect(asked).toBe(2);
  });

  it('a wrong-token verdict that arrives after a new attempt began stops nothing', async () => {
    let answer: (v: 'wrong-token') => void = () => undefined;
    const { link, network } = setup({ checkRefusal: () => new Promise((r) => (answer = r)) });
    link.start();
    network.last.fail();
    link.reconnectNow();
    answer('wrong-token');
    await Promise.resolve();
    await Promise.resolve();
    expect(link.status().paused).toBeNull();
  });

  it('no beats after the socket closed, and a stopped link schedules nothing', () => {
    const { link, network, clock, events } = setup();
    link.start();
    network.last.open();
    link.stop();
    network.last.closed({ code: 1000, reason: '', wasClean: true });
    const beats = events.filter((e) => e.type === 'beat').length;
    clock.advance(DEFAULT_TUNING.pingMs * 4);
    expect(events.filter((e) => e.type === 'beat')).toHaveLength(beats);
    expect(link.status().reconnect).toBeNull();
  });

  it('a silent socket whose close does come in time is not abandoned', () => {
    const { link, network, clock, events } = setup();
    link.start();
    const silent = network.last;
    silent.open();
    clock.advance(DEFAULT_TUNING.silenceMs + DEFAULT_TUNING.pingMs);
    expect(silent.closeRequest?.code).toBe(CLOSE_CODES.silent.code);
    silent.closed({ code: CLOSE_CODES.silent.code, reason: 'Hub went silent', wasClean: false });
    clock.advance(DEFAULT_TUNING.abandonMs);
    const closes = events.filter((e) => e.type === 'closed');
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ close: { code: CLOSE_CODES.silent.code } });
    expect(link.status().lastClose).toMatchObject({ code: CLOSE_CODES.silent.code });
  });
});
