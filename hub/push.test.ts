// What the hub sends windows unasked: the server push on its interval, and server-time stamps.

import { describe, expect, it } from 'vitest';

import { hubsAndWindows } from './test/hub-fixture';

const { startHub } = hubsAndWindows();

describe('hub: server push', () => {
  it('pushes server time, uptime, clients online and message count on the interval', async () => {
    const before = Date.now();
    const { joinAs, hub } = await startHub({ pushIntervalMs: 60 });
    const started = Date.now();
    const ada = await joinAs('Ada');
    await joinAs('Bob');
    ada.send({ type: 'chat', id: 'one', text: 'counted' });
    await ada.next('chat');
    let push = await ada.next('push');
    for (let i = 0; i < 20 && push.messages === 0; i++) push = await ada.next('push');
    expect(push.online).toBe(2);
    expect(push.messages).toBe(1);
    expect(Math.abs(push.at - Date.now())).toBeLessThan(5000);
    // Uptime counts from when the hub was made: server time minus uptime is that moment.
    expect(push.at - push.uptimeMs).toBeGreaterThanOrEqual(before - 5);
    expect(push.at - push.uptimeMs).toBeLessThanOrEqual(started);
    const later = await ada.next('push');
    expect(later.uptimeMs).toBeGreaterThan(push.uptimeMs);
    hub.setPushInterval(10_000);
    const count = ada.received.filter((m) => m.type === 'push').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(ada.received.filter((m) => m.type === 'push').length).toBe(count);
  });
});

describe('hub: server time', () => {
  it('stamps pongs and announcements with the server time', async () => {
    const { hub, joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const before = Date.now();
    ada.send({ type: 'ping', id: 'p1' });
    const pong = await ada.next('pong');
    hub.sendAnnouncement('hello all');
    const announcement = await ada.next('announcement');
    const after = Date.now();
    for (const at of [pong.at, announcement.at]) {
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(after);
    }
    expect(announcement.text).toBe('hello all');
  });
});
