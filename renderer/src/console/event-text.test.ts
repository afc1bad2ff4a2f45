import { describe, expect, it } from 'vitest';
import type { HubEvent } from '../../../protocol/console';
import { describeEvent } from './event-text';

const at = { seq: 1, at: 0 };

describe('describeEvent', () => {
  it('explains a close code in words', () => {
    const close: HubEvent = {
      ...at,
      kind: 'close',
      client: 3,
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
      client: 2,
      role: 'chat',
      address: '127.0.0.1:5000',
      origin: 'app://loopchat',
      headers: [['Sec-WebSocket-Protocol', 'loopchat.v1, loopchat.token.<redacted>']],
    };
    expect(describeEvent(connection)).toEqual({
      title: '#2 window connected from 127.0.0.1:5000',
      detail: 'Origin app://loopchat',
      more: ['Sec-WebSocket-Protocol: loopchat.v1, loopchat.token.<redacted>'],
    });
    const headers: HubEvent = {
      ...at,
      kind: 'headers',
      client: 2,
      address: '127.0.0.1:5000',
      lines: ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket'],
    };
    expect(describeEvent(headers)).toMatchObject({
      detail: 'HTTP/1.1 101 Switching Protocols',
      more: ['Upgrade: websocket'],
    });
  });

  it('names the admin action and its close code', () => {
    const event: HubEvent = { ...at, kind: 'disconnect', client: 4, code: 4001, reason: 'bye' };
    expect(describeEvent(event).title).toBe('Console closes #4 with 4001 Removed by the server');
  });
});
