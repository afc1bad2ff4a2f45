// The chat list: sequenced chats, server pushes and system notes in arrival order, then the
// user's pending (unacknowledged) messages, which move into place when the hub echoes them.

import type { ChatMessage } from '../../../protocol/messages';
import type { TimelineEntry } from '../connection/client';
import type { OutboxItem } from '../connection/outbox';
import { describePush, formatClock } from '../format';
import { el, isNearBottom, timeElement } from './dom';

const MAX_ENTRIES = 500;

export interface MessageListView {
  reset(entries: readonly TimelineEntry[]): void;
  add(entry: TimelineEntry): void;
  setPending(items: readonly OutboxItem[], myName: string): void;
}

function chatElement(kind: 'own' | 'other', author: string, text: string): HTMLLIElement {
  const status = el('span', { className: 'status' });
  const meta = el(
    'div',
    { className: 'meta' },
    el('span', { className: 'author', text: author, attrs: { 'data-testid': 'author' } }),
    status,
  );
  const body = el('p', { className: 'text', text, attrs: { 'data-testid': 'text' } });
  return el('li', { className: `entry entry-${kind}`, attrs: { 'data-kind': kind } }, meta, body);
}

function setTime(item: HTMLLIElement, ms: number): void {
  item.querySelector('time')?.remove();
  item.querySelector('.meta')?.append(timeElement(ms, formatClock(ms)));
}

function confirm(item: HTMLLIElement, message: ChatMessage): void {
  item.removeAttribute('data-pending');
  item.removeAttribute('aria-busy');
  item.dataset.seq = String(message.seq);
  item.dataset.id = message.id;
  const status = item.querySelector('.status');
  if (status) status.textContent = '';
  setTime(item, message.at);
}

function pushLine(entry: Extract<TimelineEntry, { kind: 'push' }>): HTMLLIElement {
  const item = el('li', { className: 'entry entry-push', attrs: { 'data-kind': 'push' } });
  fillPush(item, entry);
  return item;
}

function fillPush(item: HTMLLIElement, entry: Extract<TimelineEntry, { kind: 'push' }>): void {
  const { push } = entry;
  item.replaceChildren(
    el('span', { className: 'author', text: 'Server', attrs: { 'data-testid': 'author' } }),
    el('span', { className: 'sep', text: ' · ' }),
    timeElement(push.at, formatClock(push.at)),
    el('span', { className: 'sep', text: ' · ' }),
    el('span', { className: 'text', text: describePush(push), attrs: { 'data-testid': 'text' } }),
  );
}

function systemLine(entry: Extract<TimelineEntry, { kind: 'system' }>): HTMLLIElement {
  return el(
    'li',
    { className: 'entry entry-system', attrs: { 'data-kind': 'system', 'data-tone': entry.tone } },
    timeElement(entry.at, formatClock(entry.at)),
    el('span', { className: 'text', text: entry.text, attrs: { 'data-testid': 'text' } }),
  );
}

export function createMessageList(list: HTMLOListElement, announcer: HTMLElement): MessageListView {
  const pending = new Map<string, HTMLLIElement>();

  const firstPending = (): HTMLLIElement | null =>
    list.querySelector<HTMLLIElement>(':scope > [data-pending="true"]');

  /** Keeps the view at the bottom if the reader was there; leaves them alone if they scrolled up. */
  function follow(change: () => void): void {
    const stick = isNearBottom(list);
    change();
    if (stick) list.scrollTop = list.scrollHeight;
  }

  function insertTimeline(item: HTMLLIElement): void {
    list.insertBefore(item, firstPending());
    const extra = list.children.length - pending.size - MAX_ENTRIES;
    for (let i = 0; i < extra; i++) list.firstElementChild?.remove();
  }

  function lastTimelineItem(): Element | null {
    const before = firstPending();
    return before ? before.previousElementSibling : list.lastElementChild;
  }

  function announce(text: string): void {
    // Replacing the text makes the polite live region read just the newest line.
    announcer.textContent = text;
  }

  function render(entry: TimelineEntry, live: boolean): void {
    switch (entry.kind) {
      case 'chat': {
        const { message, own } = entry;
        const waiting = pending.get(message.id);
        if (waiting) {
          // Our own message came back sequenced: same element, now confirmed and in order.
          pending.delete(message.id);
          confirm(waiting, message);
          insertTimeline(waiting);
          return;
        }
        const item = chatElement(own ? 'own' : 'other', message.from.name, message.text);
        confirm(item, message);
        insertTimeline(item);
        if (live && !own) announce(`${message.from.name}: ${message.text}`);
        return;
      }
      case 'push': {
        // Pushes arrive every few seconds: rather than flood the chat, one server line
        // shows the latest push and moves down to stay under the newest message.
        const line = list.querySelector<HTMLLIElement>(':scope > [data-kind="push"]');
        if (line) {
          fillPush(line, entry);
          line.dataset.count = String(Number(line.dataset.count ?? '1') + 1);
          if (lastTimelineItem() !== line) list.insertBefore(line, firstPending());
          return;
        }
        insertTimeline(pushLine(entry));
        return;
      }
      case 'system':
        insertTimeline(systemLine(entry));
        if (live) announce(entry.text);
        return;
    }
  }

  return {
    reset(entries) {
      follow(() => {
        for (const child of [...list.children]) {
          if (!(child instanceof HTMLLIElement) || child.dataset.pending !== 'true') child.remove();
        }
        for (const entry of entries.slice(-MAX_ENTRIES)) render(entry, false);
      });
      list.scrollTop = list.scrollHeight;
    },

    add(entry) {
      follow(() => render(entry, true));
    },

    setPending(items, myName) {
      follow(() => {
        const wanted = new Set(items.map((item) => item.id));
        for (const [id, item] of pending) {
          if (!wanted.has(id)) {
            item.remove();
            pending.delete(id);
          }
        }
        for (const outboxItem of items) {
          if (pending.has(outboxItem.id)) continue;
          const item = chatElement('own', myName, outboxItem.text);
          item.dataset.pending = 'true';
          item.dataset.id = outboxItem.id;
          item.setAttribute('aria-busy', 'true');
          const status = item.querySelector('.status');
          if (status) status.textContent = 'sending…';
          setTime(item, outboxItem.createdAt);
          pending.set(outboxItem.id, item);
          list.append(item);
        }
      });
    },
  };
}
