import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubEvent, HubEventBody } from '../../../protocol/console';
import { setLanguage } from '../i18n';
import { describeEvent } from './event-text';

const at = { seq: 1, at: 0 };

/** One event of each kind: keyed by kind, so a new kind without an example does not compile. */
const EXAMPLES: { [K in HubEventBody['kind']]: Extract<HubEventBody, { kind: K }> } = {
  listening: { kind: 'listening', url: 'ws://127.0.0.1:8080', port: 8080 },
  stopped: { kind: 'stopped', url: 'ws://127.0.0.1:8080' },
  'port-fallback': { kind: 'port-fallback', wanted: 8080 },
  service: { kind: 'service', running: false },
  connection: {
    kind: 'connection',
    connection: 1,
    role: 'chat',
    address: '127.0.0.1:5000',
    origin: 'app://loopchat',
    headers: [],
    extensions: '',
  },
  headers: { kind: 'headers', connection: 1, address: '127.0.0.1:5000', lines: ['HTTP/1.1 101'] },
  hello: {
    kind: 'hello',
    connection: 1,
    peerId: 'w1',
    name: 'Ada',
    history: 'resume',
    replayed: 2,
  },
  close: { kind: 'close', connection: 1, code: 1000, reason: 'bye', wasClean: true },
  error: { kind: 'error', connection: null, message: 'EADDRINUSE' },
  wsClientError: { kind: 'wsClientError', address: '127.0.0.1:5000', message: 'Invalid' },
  clientError: { kind: 'clientError', message: 'Parse Error' },
  rejected: { kind: 'rejected', address: '127.0.0.1:5000', status: 401, reason: 'token' },
  ping: { kind: 'ping', connection: 1 },
  pong: { kind: 'pong', connection: 1 },
  'heartbeat-timeout': { kind: 'heartbeat-timeout', connection: 1, missed: 2 },
  slow: { kind: 'slow', connection: 1, bufferedAmount: 2048 },
  announcement: { kind: 'announcement', text: 'hi' },
  disconnect: { kind: 'disconnect', connection: 1, code: 4002, reason: '' },
  'push-interval': { kind: 'push-interval', ms: 500 },
  deflate: { kind: 'deflate', on: true },
  network: { kind: 'network', connection: 1, condition: { kind: 'latency', ms: 300 }, seconds: 30 },
  'network-lifted': { kind: 'network-lifted', connection: 1, why: 'expired', releasedBytes: 12 },
  upload: {
    kind: 'upload',
    connection: 1,
    upload: { state: 'accepted', id: 'u1', name: 'cat.png', size: 70_000, fromByte: 61_440 },
  },
  'not-saving': { kind: 'not-saving', problem: 'disk-full', detail: 'ENOSPC' },
  'saving-again': { kind: 'saving-again' },
};
const EVERY_KIND: HubEvent[] = Object.values(EXAMPLES).map((body) => ({ ...at, ...body }));

describe('describeEvent', () => {
  it('explains a close code in words', () => {
    const close: HubEvent = {
      ...at,
      kind: 'close',
      connection: 3,
      code: 1001,
      reason: 'Hub stopping',
      wasClean: true,
    };
    expect(describeEvent(close)).toMatchObject({
      title: '#3 closed: 1001 Going Away',
      detail: 'Reason "Hub stopping". Clean close (close frames exchanged).',
    });
    const abnormal: HubEvent = { ...close, code: 1006, reason: '', wasClean: false };
    expect(describeEvent(abnormal).title).toContain('1006 Abnormal Closure');
    expect(describeEvent(abnormal).detail).toContain('Not clean');
  });

  it('lists the headers of a connection and of a handshake response', () => {
    const connection: HubEvent = {
      ...at,
      kind: 'connection',
      connection: 2,
      role: 'chat',
      address: '127.0.0.1:5000',
      origin: 'app://loopchat',
      headers: [['Sec-WebSocket-Protocol', 'loopchat.v1, loopchat.token.<redacted>']],
      extensions: '',
    };
    expect(describeEvent(connection)).toEqual({
      title: '#2 window connected from 127.0.0.1:5000',
      detail: 'Origin app://loopchat',
      more: ['Sec-WebSocket-Protocol: loopchat.v1, loopchat.token.<redacted>'],
    });
    const headers: HubEvent = {
      ...at,
      kind: 'headers',
      connection: 2,
      address: '127.0.0.1:5000',
      lines: ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket'],
    };
    expect(describeEvent(headers)).toMatchObject({
      detail: 'HTTP/1.1 101 Switching Protocols',
      more: ['Upgrade: websocket'],
    });
  });

  it('names the admin action and its close code', () => {
    const event: HubEvent = { ...at, kind: 'disconnect', connection: 4, code: 4001, reason: 'bye' };
    expect(describeEvent(event).title).toBe('Console closes #4 with 4001 Removed by the server');
  });
});

describe('describeEvent in Korean', () => {
  beforeEach(() => setLanguage('ko'));
  afterEach(() => setLanguage('en'));

  it('says a window connected, and from where', () => {
    const connection: HubEvent = {
      ...at,
      kind: 'connection',
      connection: 2,
      role: 'chat',
      address: '127.0.0.1:5000',
      origin: '',
      headers: [],
      extensions: '',
    };
    expect(describeEvent(connection)).toMatchObject({
      title: '#2 창이 127.0.0.1:5000에서 연결됨',
      detail: 'Origin (없음)',
    });
    expect(describeEvent({ ...connection, role: 'console' }).title).toBe(
      '#2 콘솔이 127.0.0.1:5000에서 연결됨',
    );
  });

  it('explains a close, keeping the RFC name of its code', () => {
    const close: HubEvent = {
      ...at,
      kind: 'close',
      connection: 3,
      code: 1001,
      reason: '',
      wasClean: false,
    };
    expect(describeEvent(close)).toMatchObject({
      title: '#3 닫힘: 1001 Going Away',
      detail: '이유 없음. 비정상 종료: close 프레임 없음.',
    });
  });

  it('has Korean words for every kind of hub event', () => {
    setLanguage('en');
    const english = EVERY_KIND.map((event) => describeEvent(event));
    setLanguage('ko');
    EVERY_KIND.forEach((event, i) => {
      const korean = describeEvent(event);
      expect(korean.title, event.kind).not.toBe(english[i]?.title);
      expect(korean.title + korean.detail, event.kind).toMatch(/[가-힣]/);
    });
  });
});
