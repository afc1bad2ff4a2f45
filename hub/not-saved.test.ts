// The hub never relays or acknowledges a chat it could not save: on a full disk (or a folder
// that stops being writable) the sender is told `not-saved`, nobody else sees anything, the
// console hears "not saving", and the next message after the disk recovers goes out again,
// without a restart. Real ws clients; the failure comes through HistoryFile's fs seam.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HubEvent } from '../protocol/console';
import { HistoryFile } from './history-file';
import { readHistoryFile } from './history-reader';
import { hubsAndWindows } from './test/hub-fixture';
import { FailingDisk } from './test/failing-disk';

const { startHub } = hubsAndWindows();

async function hubOnFailingDisk() {
  const disk = new FailingDisk();
  const path = join(mkdtempSync(join(tmpdir(), 'loopchat-not-saved-')), 'history.jsonl');
  const started = await startHub({ history: HistoryFile.open(path, 100, undefined, disk) });
  const events: HubEvent[] = [];
  started.hub.subscribe((event) => events.push(event));
  const ada = await started.joinAs('Ada');
  const bob = await started.joinAs('Bob');
  await ada.next('presence'); // Bob joined
  const saving = () =>
    events.filter((e) => e.kind === 'not-saving' || e.kind === 'saving-again').map((e) => e.kind);
  return { ...started, disk, path, events, saving, ada, bob };
}

describe('a chat the hub cannot save', () => {
  it('is refused to its sender only, and sent by everyone once the disk has room', async () => {
    const { disk, path, events, saving, ada, bob } = await hubOnFailingDisk();
    ada.send({ type: 'chat', id: 'first', text: 'saved' });
    expect(await bob.next('chat')).toMatchObject({ id: 'first', seq: 1 });
    await ada.next('chat');

    disk.fault = 'ENOSPC';
    ada.send({ type: 'chat', id: 'full', text: 'while the disk is full' });
    expect(await ada.next('error')).toMatchObject({ code: 'not-saved' });
    expect(events.find((e) => e.kind === 'not-saving')).toMatchObject({ problem: 'disk-full' });
    // Other traffic still flows, in order behind where the chat would have been.
    ada.send({ type: 'typing', typing: true });
    expect(await bob.next('typing')).toMatchObject({ typing: true });
    ada.send({ type: 'ping', id: 'p1' });
    await ada.next('pong');
    expect(bob.received.filter((m) => m.type === 'chat')).toHaveLength(1);
    expect(ada.received.filter((m) => m.type === 'chat' || m.type === 'ack')).toHaveLength(1);

    disk.fault = null;
    // The outbox's resend, twice over (its retry and a reconnect racing): shown once.
    ada.send({ type: 'chat', id: 'full', text: 'while the disk is full' });
    ada.send({ type: 'chat', id: 'full', text: 'while the disk is full' });
    bob.send({ type: 'chat', id: 'bob-1', text: 'from Bob' });
    const atBob = [await bob.next('chat'), await bob.next('chat')];
    const atAda = [await ada.next('chat'), await ada.next('chat')];
    // seq 2 is given again: no gap for anyone, and everyone sees one order.
    expect(atBob.map((m) => `${m.seq} ${m.id}`)).toEqual(['2 full', '3 bob-1']);
    expect(atAda.map((m) => `${m.seq} ${m.id}`)).toEqual(['2 full', '3 bob-1']);
    expect(await ada.next('ack')).toMatchObject({ id: 'full', seq: 2 });
    expect(readHistoryFile(path)?.messages.map((m) => m.id)).toEqual(['first', 'full', 'bob-1']);
    expect(saving()).toEqual(['not-saving', 'saving-again']);
  });

  it('tells each sender of a failed burst once, and takes all of it back', async () => {
    const { disk, path, ada, bob, lines } = await hubOnFailingDisk();
    disk.fault = 'EACCES';
    for (let i = 0; i < 5; i++) ada.send({ type: 'chat', id: `a${i}`, text: `burst ${i}` });
    expect(await ada.next('error')).toMatchObject({ code: 'not-saved' });
    ada.send({ type: 'ping', id: 'after' });
    await ada.next('pong');
    expect(ada.received.filter((m) => m.type === 'error')).toHaveLength(1);
    expect(bob.received.some((m) => m.type === 'chat')).toBe(false);
    expect(lines.join('\n')).toMatch(/NOT SAVING chat messages \(not-writable\)/);
    disk.fault = null;
    bob.send({ type: 'chat', id: 'b', text: 'disk is back' });
    expect(await ada.next('chat')).toMatchObject({ id: 'b', seq: 1 });
    expect(readHistoryFile(path)?.messages.map((m) => m.id)).toEqual(['b']);
  });

  it('replays nothing unsaved to a window that joins while the disk is full', async () => {
    const { disk, joinAs, ada } = await hubOnFailingDisk();
    ada.send({ type: 'chat', id: 'ok', text: 'saved' });
    await ada.next('chat');
    disk.fault = 'short';
    ada.send({ type: 'chat', id: 'lost', text: 'not saved' });
    const carol = await joinAs('Carol');
    expect(await ada.next('error')).toMatchObject({ code: 'not-saved' });
    carol.send({ type: 'ping', id: 'c' });
    await carol.next('pong');
    expect(
      carol.received.filter((m) => m.type === 'chat').map((m) => m.type === 'chat' && m.id),
    ).toEqual(['ok']);
  });
});
