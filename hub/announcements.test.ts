// A console broadcast must reach every window, including one that is between opening its
// socket and being welcomed (or reconnecting) when the broadcast goes out.

import { describe, expect, it } from 'vitest';
import {
  connect,
  hubsStoppedAfterEach,
  join,
  newSecret,
  type TestClient,
} from './test/test-client';

/** A fixed secret per window name, so a reconnect is the same window. */
const secretOf = (id: string): string => id.padEnd(32, '_');

const hubs = hubsStoppedAfterEach();

async function started() {
  const { hub, url, token } = await hubs.start();
  return { hub, url, token };
}

describe('announcements reach windows that were not welcomed yet', () => {
  it('sends an announcement made between open and hello after the welcome', async () => {
    const { hub, url, token } = await started();
    const ada = await connect(url, token);
    hubs.track(ada);
    hub.sendAnnouncement('Restart at noon');
    ada.send({ type: 'hello', secret: newSecret(), name: 'Ada', resume: null });
    await ada.next('welcome');
    expect(await ada.next('announcement')).toMatchObject({ text: 'Restart at noon' });
    // welcome first, then the announcement: the window has its view before the note.
    const types = ada.received.map((m) => m.type);
    expect(types.indexOf('welcome')).toBeLessThan(types.indexOf('announcement'));
  });

  it('while windows reconnect, every window ends up with every announcement', async () => {
    const { hub, url, token } = await started();
    const ids = ['w0', 'w1', 'w2'];
    const seen = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
    const current = new Map<string, TestClient>();
    const track = (id: string, client: TestClient) => {
      hubs.track(client);
      current.set(id, client);
      client.ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; text?: string };
        if (message.type === 'announcement' && message.text) seen.get(id)?.add(message.text);
      });
    };
    for (const id of ids) track(id, await join(url, token, id, null, secretOf(id)));
    const texts: string[] = [];
    // Bounded: 15 rounds; each round one window reconnects while an announcement goes out.
    for (let round = 0; round < 15; round++) {
      const id = ids[round % ids.length] ?? 'w0';
      await current.get(id)?.close();
      const next = await connect(url, token);
      track(id, next);
      const text = `round ${round}`;
      texts.push(text);
      hub.sendAnnouncement(text);
      next.send({ type: 'hello', secret: secretOf(id), name: id, resume: null });
      await next.next('welcome');
    }
    const last = 'the end';
    texts.push(last);
    hub.sendAnnouncement(last);
    for (const id of ids) {
      await current.get(id)?.next('announcement', 5000);
      const deadline = Date.now() + 5000;
      while (!seen.get(id)?.has(last) && Date.now() < deadline) {
        await current.get(id)?.next('announcement', deadline - Date.now());
      }
      expect([...(seen.get(id) ?? [])].sort()).toEqual([...texts].sort());
    }
  });
});
