import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CONSOLE_SUBPROTOCOL } from '../protocol/console';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';
import {
  checkHandshake,
  selectSubprotocol,
  offeredProtocols,
  type HandshakePolicy,
} from './handshake';

const policy: HandshakePolicy = {
  token: 'secret-token',
  consoleToken: 'console-token',
  allowedOrigins: new Set(['app://loopchat']),
  allowedHosts: new Set(['127.0.0.1:4000', 'localhost:4000']),
};
const TOKEN = `${TOKEN_PROTOCOL_PREFIX}secret-token`;
const CONSOLE_TOKEN = `${TOKEN_PROTOCOL_PREFIX}console-token`;

/** An upgrade request with the given headers (lower-case names, as node gives them). */
const upgrade = (headers: Record<string, string | undefined>) =>
  ({ headers }) as unknown as IncomingMessage;

/** An upgrade that passes the Host and Origin checks and offers `protocols`. */
const offering = (protocols: string | undefined) =>
  upgrade({
    host: '127.0.0.1:4000',
    origin: 'app://loopchat',
    'sec-websocket-protocol': protocols,
  });

describe('offeredProtocols', () => {
  it('splits the header on commas, trimming blanks and dropping empty entries', () => {
    expect(offeredProtocols(offering(` ${SUBPROTOCOL} ,, ${TOKEN},`))).toEqual([
      SUBPROTOCOL,
      TOKEN,
    ]);
  });

  it('is empty without a Sec-WebSocket-Protocol header', () => {
    expect(offeredProtocols(offering(undefined))).toEqual([]);
  });
});

describe('checkHandshake', () => {
  it('opens a chat connection for the right host, origin, token and subprotocol', () => {
    expect(checkHandshake(offering(`${SUBPROTOCOL}, ${TOKEN}`), policy)).toEqual({
      ok: true,
      role: 'chat',
    });
  });

  it('opens a console connection only with the console subprotocol and the console token', () => {
    expect(checkHandshake(offering(`${CONSOLE_TOKEN}, ${CONSOLE_SUBPROTOCOL}`), policy)).toEqual({
      ok: true,
      role: 'console',
    });
    // The chat token is not an admin key, and the console token does not open a chat.
    const refused = { ok: false, status: 401, reason: 'Missing or wrong token' };
    expect(checkHandshake(offering(`${TOKEN}, ${CONSOLE_SUBPROTOCOL}`), policy)).toEqual(refused);
    expect(checkHandshake(offering(`${CONSOLE_TOKEN}, ${SUBPROTOCOL}`), policy)).toEqual(refused);
  });

  it('accepts a Host header in any letter case', () => {
    const req = upgrade({
      host: 'LocalHost:4000',
      origin: 'app://loopchat',
      'sec-websocket-protocol': `${SUBPROTOCOL}, ${TOKEN}`,
    });
    expect(checkHandshake(req, policy)).toEqual({ ok: true, role: 'chat' });
  });

  it('refuses a missing or foreign Host (DNS rebinding) with 403', () => {
    const refused = { ok: false, status: 403, reason: 'Host is not this loopback server' };
    const protocols = `${SUBPROTOCOL}, ${TOKEN}`;
    for (const host of [undefined, 'evil.example:4000', '127.0.0.1:4001']) {
      const req = upgrade({ host, origin: 'app://loopchat', 'sec-websocket-protocol': protocols });
      expect(checkHandshake(req, policy)).toEqual(refused);
    }
  });

  it('refuses a missing or foreign Origin with 403, matching it exactly', () => {
    const refused = { ok: false, status: 403, reason: 'Origin not allowed' };
    const protocols = `${SUBPROTOCOL}, ${TOKEN}`;
    for (const origin of [undefined, 'https://evil.example', 'APP://loopchat']) {
      const req = upgrade({ host: '127.0.0.1:4000', origin, 'sec-websocket-protocol': protocols });
      expect(checkHandshake(req, policy)).toEqual(refused);
    }
  });

  it('refuses an upgrade without Sec-WebSocket-Protocol with 400: no role was offered', () => {
    expect(checkHandshake(offering(undefined), policy)).toEqual({
      ok: false,
      status: 400,
      reason: `Subprotocol ${SUBPROTOCOL} (or ${CONSOLE_SUBPROTOCOL}) required`,
    });
  });

  it('refuses a wrong token with 401, and a token that is not in the token entry', () => {
    const refused = { ok: false, status: 401, reason: 'Missing or wrong token' };
    expect(checkHandshake(offering(`${SUBPROTOCOL}, ${TOKEN}x`), policy)).toEqual(refused);
    expect(checkHandshake(offering(`${SUBPROTOCOL}, secret-token`), policy)).toEqual(refused);
    // Only an entry that starts with the prefix is the token entry.
    expect(
      checkHandshake(offering(`${SUBPROTOCOL}, x${TOKEN}`), { ...policy, token: 'x' }),
    ).toEqual(refused);
  });

  it('refuses the right token without a known subprotocol with 400, naming both', () => {
    expect(checkHandshake(offering(`${TOKEN}, loopchat.v0`), policy)).toEqual({
      ok: false,
      status: 400,
      reason: `Subprotocol ${SUBPROTOCOL} (or ${CONSOLE_SUBPROTOCOL}) required`,
    });
  });
});

describe('selectSubprotocol', () => {
  it("answers with the offered role's own subprotocol, chat first, never the token entry", () => {
    expect(selectSubprotocol(new Set([TOKEN, SUBPROTOCOL]))).toBe(SUBPROTOCOL);
    expect(selectSubprotocol([CONSOLE_SUBPROTOCOL, TOKEN])).toBe(CONSOLE_SUBPROTOCOL);
    expect(selectSubprotocol([CONSOLE_SUBPROTOCOL, SUBPROTOCOL])).toBe(SUBPROTOCOL);
    expect(selectSubprotocol([TOKEN, 'loopchat.v0'])).toBe(false);
  });
});
