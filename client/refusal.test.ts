// A tab whose token is from an earlier run of the hub: a browser only ever sees 1006, so the
// tab asks the hub (browser mode) and stops retrying when the answer is "wrong token".

import { describe, expect, it } from 'vitest';
import type { HandshakeCheckVerdict } from '../protocol/handshake-check';
import { setup, welcome } from './test/client-harness';
import { backoffCeiling } from './backoff';

const STALE =
  'This link is from an earlier run of Loopchat: open the new one printed in the terminal.';

/** Lets the refusal check's promise chain settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function droppedThenRefused(verdict: HandshakeCheckVerdict | null | undefined) {
  let asked = 0;
  const ctx = setup(
    verdict === undefined
      ? {}
      : {
          checkRefusal: () => {
            asked += 1;
            return Promise.resolve(verdict);
          },
        },
  );
  ctx.client.start();
  ctx.network.last.open();
  ctx.network.last.receive(welcome());
  ctx.network.last.closed({ code: 1001, reason: 'Hub stopping', wasClean: true });
  ctx.clock.advance(backoffCeiling(10));
  ctx.network.last.fail(); // the restarted hub refuses the old token: 1006
  return { ...ctx, asked: () => asked };
}

describe('connection client: a link from an earlier run', () => {
  it('says so and stops retrying; "Reconnect now" still tries', async () => {
    const ctx = droppedThenRefused('wrong-token');
    await settle();
    expect(ctx.asked()).toBe(1);
    expect(ctx.view.current.paused).toBe(STALE);
    expect(ctx.view.current.reconnect).toBeNull();
    const attempts = ctx.network.sockets.length;
    ctx.clock.advance(backoffCeiling(20) * 5);
    expect(ctx.network.sockets).toHaveLength(attempts);

    ctx.client.reconnectNow();
    expect(ctx.network.sockets).toHaveLength(attempts + 1);
    expect(ctx.view.current.paused).toBeNull();
  });

  it.each(['ok', null] as const)('keeps retrying when the hub answers %s', async (verdict) => {
    const ctx = droppedThenRefused(verdict);
    await settle();
    expect(ctx.asked()).toBe(1);
    expect(ctx.view.current.paused).toBeNull();
    expect(ctx.view.current.reconnect).not.toBeNull();
  });

  it('never asks, and keeps retrying, where there is nobody to ask (Electron, dev mode)', async () => {
    const ctx = droppedThenRefused(undefined);
    await settle();
    expect(ctx.view.current.paused).toBeNull();
    expect(ctx.view.current.reconnect).not.toBeNull();
  });
});
