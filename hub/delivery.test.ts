// A running hub delivering chat: exactly once, in sequence, replayed after a reconnect, and
// the resume decision at the edges of the kept history.

import { describe, expect, it } from 'vitest';

import { History } from './history';

import { BOB_SECRET, chatSeqs, hubsAndWindows, welcomeOf } from './test/hub-fixture';

const { startHub } = hubsAndWindows();

describe('hub: chat delivery', () => {
  it('delivers a message to every window, the sender included, with gap-free sequence numbers', async () => {
    const { joinAs } = await startHub();
    const [ada, bob, cy] = await Promise.all([joinAs('Ada'), joinAs('Bob'), joinAs('Cy')]);
    ada.send({ type: 'chat', id: 'm1', text: 'hello 👋 안녕하세요' });
    bob.send({ type: 'chat', id: 'm2', text: '<b>not html</b>' });
    for (const client of [ada, bob, cy]) {
      const first = await client.next('chat');
      const second = await client.next('chat');
      expect([first.seq, second.seq]).toEqual([1, 2]);
      expect(first).toMatchObject({ id: 'm1', text: 'hello 👋 안녕하세요', from: { name: 'Ada' } });
      expect(second).toMatchObject({ id: 'm2', text: '<b>not html</b>', from: { name: 'Bob' } });
    }
  });

  it('acknowledges a repeated id without showing it twice', async () => {
    const { joinAs } = await startHub();
    const [ada, bob] = await Promise.all([joinAs('Ada'), joinAs('Bob')]);
    ada.send({ type: 'chat', id: 'same', text: 'once' });
    await ada.next('chat');
    ada.send({ type: 'chat', id: 'same', text: 'once' });
    expect(await ada.next('ack')).toEqual({ type: 'ack', id: 'same', seq: 1 });
    bob.send({ type: 'chat', id: 'after', text: 'next' });
    expect((await bob.next('chat')).id).toBe('same');
    expect((await bob.next('chat')).seq).toBe(2);
    expect(bob.received.filter((m) => m.type === 'chat')).toHaveLength(2);
  });

  it('replays exactly what a reconnecting window missed', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob', null, BOB_SECRET);
    ada.send({ type: 'chat', id: 'a1', text: 'one' });
    const seen = await bob.next('chat');
    const welcome = bob.received[0];
    if (welcome?.type !== 'welcome') throw new Error('expected welcome first');
    await bob.close();
    ada.send({ type: 'chat', id: 'a2', text: 'two' });
    ada.send({ type: 'chat', id: 'a3', text: 'three' });
    await ada.next('chat');
    await ada.next('chat');
    await ada.next('chat');
    const back = await joinAs(
      'Bob',
      { historyId: welcome.historyId, lastSeq: seen.seq },
      BOB_SECRET,
    );
    expect(back.received[0]).toMatchObject({ type: 'welcome', history: 'resume' });
    expect([(await back.next('chat')).text, (await back.next('chat')).text]).toEqual([
      'two',
      'three',
    ]);
  });

  it('tells a window with an unknown history to reset, and sends the recent messages', async () => {
    const { joinAs } = await startHub();
    const ada = await joinAs('Ada');
    ada.send({ type: 'chat', id: 'a1', text: 'kept' });
    await ada.next('chat');
    const bob = await joinAs('Bob', { historyId: 'from-another-launch', lastSeq: 40 });
    expect(bob.received[0]).toMatchObject({ type: 'welcome', history: 'reset', skipped: 0 });
    expect((await bob.next('chat')).text).toBe('kept');
  });
});

describe('hub: resume at the edges of the kept history', () => {
  // The hub keeps 3 messages of 5: seqs 3, 4 and 5 can be replayed, 1 and 2 are gone.
  async function hubWithFive() {
    const history = new History(3);
    const hub = await startHub({ history, pushIntervalMs: 4321 });
    const ada = await hub.joinAs('Ada');
    for (let i = 1; i <= 5; i++) ada.send({ type: 'chat', id: `a${i}`, text: `m${i}` });
    for (let i = 1; i <= 5; i++) await ada.next('chat');
    return { ...hub, history };
  }

  it("answers another launch's history id with a reset, counting what it no longer has", async () => {
    const { joinAs, history } = await hubWithFive();
    const bob = await joinAs('Bob', { historyId: 'another-launch', lastSeq: 5 });
    expect(welcomeOf(bob)).toMatchObject({
      history: 'reset',
      historyId: history.id,
      skipped: 2,
      pushIntervalMs: 4321,
      you: { id: bob.peerId, name: 'Bob' },
    });
    expect(await chatSeqs(bob)).toEqual([3, 4, 5]);
  });

  it('resets a window whose last message is older than the oldest one kept', async () => {
    const { joinAs, history } = await hubWithFive();
    const bob = await joinAs('Bob', { historyId: history.id, lastSeq: 1 });
    expect(welcomeOf(bob)).toMatchObject({ history: 'reset', skipped: 2 });
    expect(await chatSeqs(bob)).toEqual([3, 4, 5]);
  });

  it('resumes from just before the oldest kept message, and from the newest', async () => {
    const { joinAs, history } = await hubWithFive();
    const bob = await joinAs('Bob', { historyId: history.id, lastSeq: 2 });
    expect(welcomeOf(bob)).toMatchObject({ history: 'resume', skipped: 0 });
    expect(await chatSeqs(bob)).toEqual([3, 4, 5]);
    const cy = await joinAs('Cy', { historyId: history.id, lastSeq: 5 });
    expect(welcomeOf(cy)).toMatchObject({ history: 'resume', skipped: 0 });
    expect(await chatSeqs(cy)).toEqual([]);
  });

  it('resets a window that claims to have seen more than the hub ever sent', async () => {
    const { joinAs, history } = await hubWithFive();
    const bob = await joinAs('Bob', { historyId: history.id, lastSeq: 6 });
    expect(welcomeOf(bob)).toMatchObject({ history: 'reset', skipped: 2 });
    expect(await chatSeqs(bob)).toEqual([3, 4, 5]);
  });
});
