// Who a window is: its public id is derived from a private secret, so knowing the id (everyone
// sees it in presence) cannot close or impersonate the window; only the secret replaces it.

import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../protocol/close-codes';
import { LIMITS } from '../protocol/messages';
import type { Hub } from './hub';
import { connect, join, newSecret, startTestHub, type TestClient } from './test/test-client';

const hubs: Hub[] = [];
const clients: TestClient[] = [];

async function startHub() {
  const { hub, token } = await startTestHub();
  hubs.push(hub);
  const url = hub.address?.url ?? (await hub.start()).url;
  const joinAs = async (name: string, secret?: string) => {
    const client = await join(url, token, name, null, secret);
    clients.push(client);
    return client;
  };
  const raw = async () => {
    const client = await connect(url, token);
    clients.push(client);
    return client;
  };
  return { hub, joinAs, raw };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

describe('hub: window identity', () => {
  it('does not let a hello with only a public id close that window', async () => {
    const { joinAs, raw } = await startHub();
    const victim = await joinAs('Victim');
    const friend = await joinAs('Friend');
    await victim.next('presence'); // Friend joined

    // Everything a stranger can know: the id itself, padded to a valid length, the old field.
    const exact = await raw();
    exact.send({ type: 'hello', secret: victim.peerId, name: 'Mallory', resume: null });
    expect((await exact.next('error')).message).toContain('hello.secret');
    const padded = await joinAs('Mallory', victim.peerId.padEnd(LIMITS.minSecretLength, '0'));
    expect(padded.peerId).not.toBe(victim.peerId);
    const old = await raw();
    old.ws.send(
      JSON.stringify({ type: 'hello', peerId: victim.peerId, name: 'Mallory', resume: null }),
    );
    expect((await old.next('error')).message).toBe('unexpected field "peerId" in hello');

    // The victim is still open, still itself, and still chatting.
    expect(victim.ws.readyState).toBe(victim.ws.OPEN);
    victim.send({ type: 'chat', id: 'still-here', text: 'still here' });
    const seen = await friend.next('chat');
    expect(seen).toMatchObject({ text: 'still here', from: { id: victim.peerId } });
    expect((await victim.next('chat')).id).toBe('still-here');
    expect(victim.received.filter((m) => m.type === 'presence').map((m) => m.change.kind)).toEqual(
      ['joined', 'joined'], // Friend, then Mallory: nobody replaced or "left"
    );
  });

  it('replaces an older connection that holds the same secret, without a "left"', async () => {
    const { joinAs } = await startHub();
    const friend = await joinAs('Friend');
    const secret = newSecret();
    const first = await joinAs('Ada', secret);
    await friend.next('presence'); // Ada joined
    const second = await joinAs('Ada', secret);
    expect(second.peerId).toBe(first.peerId);
    expect(await first.closed).toEqual({
      code: CLOSE_CODES.replaced.code,
      reason: CLOSE_CODES.replaced.meaning,
    });
    expect(second.ws.readyState).toBe(second.ws.OPEN);
    second.send({ type: 'chat', id: 'back', text: 'back again' });
    expect(await friend.next('chat')).toMatchObject({ from: { id: first.peerId } });
    expect((await friend.next('presence')).change.kind).toBe('joined'); // the new connection
    expect(friend.received.some((m) => m.type === 'presence' && m.change.kind === 'left')).toBe(
      false,
    );
  });

  it('gives a secret the same public id every time, also after a hub restart, and hides it', async () => {
    const secret = newSecret();
    const { joinAs, hub } = await startHub();
    const before = await joinAs('Ada', secret);
    const other = await joinAs('Bob');
    expect(other.peerId).not.toBe(before.peerId);
    expect(before.peerId).toMatch(/^[0-9a-f]{24}$/);
    expect(before.peerId).not.toBe(secret.slice(0, 24));
    await hub.stop();
    const again = await startHub();
    expect((await again.joinAs('Ada', secret)).peerId).toBe(before.peerId);
  });
});
