// A duplicated tab (sessionStorage copied from a live tab) must become a second window, while
// a reload of the same tab stays the same window.

import { describe, expect, it } from 'vitest';
import { chat, ME, setup, welcome, type Stores } from './test/client-harness';
import { storageKeys } from './client';
import { claimPage, IDENTITY_KEYS, releasePage, windowSecret } from './identity';
import { MemoryStore } from './storage';
import { CONFIG } from './test/client-harness';

const OUTBOX = storageKeys(CONFIG.windowKey).outbox;

/** What the browser does when the user duplicates a tab: a copy of its sessionStorage. */
function copyOf(stores: Stores): Stores {
  const session = new MemoryStore();
  for (const key of [IDENTITY_KEYS.secret, IDENTITY_KEYS.selfId, IDENTITY_KEYS.live, OUTBOX]) {
    const value = stores.session.getItem(key);
    if (value !== null) session.setItem(key, value);
  }
  const chatLog = storageKeys(CONFIG.windowKey).chatLog;
  const log = stores.session.getItem(chatLog);
  if (log !== null) session.setItem(chatLog, log);
  return { session, local: stores.local };
}

/** A tab that loaded (claimed the page), was welcomed, saw a chat and has one unsent message. */
function liveTabWithUnsentMessage() {
  const stores = { session: new MemoryStore(), local: new MemoryStore() };
  expect(claimPage(stores.session, OUTBOX)).toBe('same');
  const tab = setup({ stores });
  tab.client.start();
  const socket = tab.network.last;
  socket.open();
  socket.receive(welcome());
  socket.receive(chat(1, 'before the copy'));
  socket.closed({ code: 1006, reason: '', wasClean: false });
  tab.client.send('typed in the original');
  tab.client.flush();
  const hello = socket.sentOfType('hello')[0];
  if (!hello) throw new Error('no hello');
  return { tab, stores, secret: hello.secret };
}

function helloOf(ctx: ReturnType<typeof setup>) {
  ctx.client.start();
  ctx.network.last.open();
  const hello = ctx.network.last.sentOfType('hello')[0];
  if (!hello) throw new Error('no hello');
  return hello;
}

describe('window identity across reloads and duplicated tabs', () => {
  it('a duplicated tab gets its own secret and leaves the unsent messages to the original', () => {
    const original = liveTabWithUnsentMessage();
    const copy = copyOf(original.stores);
    expect(claimPage(copy.session, OUTBOX)).toBe('duplicate');

    const duplicate = setup({ stores: copy });
    expect(duplicate.view.pending).toEqual([]);
    expect(duplicate.view.chatTexts()).toEqual(['before the copy']); // the log is kept
    const hello = helloOf(duplicate);
    expect(hello.secret).not.toBe(original.secret);
    expect(hello.resume).toEqual({ historyId: 'history-1', lastSeq: 1 });
    // The original still owns its message.
    expect(original.tab.view.pending.map((p) => p.text)).toEqual(['typed in the original']);
  });

  it('a reload of the same tab keeps its secret and resends its unsent messages', () => {
    const original = liveTabWithUnsentMessage();
    original.tab.client.stop();
    releasePage(original.stores.session); // pagehide
    expect(claimPage(original.stores.session, OUTBOX)).toBe('same');

    const reloaded = setup({ stores: original.stores });
    expect(reloaded.view.pending.map((p) => p.text)).toEqual(['typed in the original']);
    const hello = helloOf(reloaded);
    expect(hello.secret).toBe(original.secret);
    // Own messages are still marked as own before the next welcome.
    expect(original.stores.session.getItem(IDENTITY_KEYS.selfId)).toBe(ME.id);
  });

  it('replaces a stored secret the hub would refuse, and refuses to make one itself', () => {
    const session = new MemoryStore();
    session.setItem(IDENTITY_KEYS.secret, 'short');
    const made = 'a'.repeat(40);
    expect(windowSecret(session, () => made)).toBe(made);
    expect(windowSecret(session, () => 'b'.repeat(40))).toBe(made);
    expect(() => windowSecret(new MemoryStore(), () => 'not valid!')).toThrow(/invalid/);
  });
});
