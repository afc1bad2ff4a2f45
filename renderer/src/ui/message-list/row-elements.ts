// The DOM of one chat-list row: built from a Row (the list's in-memory model), brought up to
// date when its few mutable parts change, and — for the user's own message — turned from
// "sending…" into the confirmed chat in place when the hub echoes it. Text always goes in
// through textContent (dom.ts), never as HTML.

import type { ChatMessage, PushMessage } from '../../../../protocol/messages';
import type { OutboxItem } from '../../../../client/outbox';
import type { Attachment, AttachmentRef } from '../../../../protocol/upload-messages';
import { describePush, formatClock } from '../../format';
import { currentLanguage, t } from '../../i18n';
import { dayLabel } from './day-separators';
import { el, timeElement } from '../dom';
import { applyPersonColour } from '../person-colour';

export type Row =
  | { kind: 'chat'; message: ChatMessage; own: boolean; fresh: boolean }
  | { kind: 'system'; text: string; at: number; tone: string; fresh: boolean }
  | { kind: 'push'; push: PushMessage; count: number; version: number }
  | { kind: 'day'; day: number }
  /** Above the first message of the history: nothing older to scroll to. */
  | { kind: 'start' }
  | { kind: 'pending'; item: OutboxItem; name: string; peerId: string | null };

export type RowKind = Row['kind'];

/** Builds a message's attachments (the window's attachment shelf); none until one is set. */
type AttachmentBlock = (attachments: readonly Attachment[]) => HTMLElement;
let attachmentBlock: AttachmentBlock | null = null;

/** Where chat rows get the view of their attachments from (set once by the window). */
export function showAttachmentsWith(block: AttachmentBlock): void {
  attachmentBlock = block;
}

function appendAttachments(item: HTMLLIElement, message: ChatMessage): void {
  if (!message.attachments || !attachmentBlock) return;
  if (item.querySelector('[data-testid="attachments"]')) return;
  item.append(attachmentBlock(message.attachments));
}

/** A pending message's files, by name: they are stored, the message naming them is not yet. */
function pendingFiles(refs: readonly AttachmentRef[]): HTMLElement {
  return el(
    'ul',
    {
      className: 'pending-files',
      attrs: { 'data-testid': 'pending-files', 'aria-label': t('files.pendingList') },
    },
    ...refs.map((ref) =>
      el(
        'li',
        { className: 'file-chip' },
        el('span', {
          className: 'file-name',
          text: ref.name,
          attrs: { 'data-testid': 'file-name' },
        }),
      ),
    ),
  );
}

function colourAuthor(target: HTMLElement, peerId: string | null, slot?: number): void {
  if (peerId !== null) applyPersonColour(target, peerId, slot);
}

function clock(ms: number): HTMLTimeElement {
  // Its full date comes as a title when pointed at (clock-titles.ts).
  return timeElement(ms, formatClock(ms));
}

function bubble(
  kind: 'own' | 'other',
  author: string,
  peerId: string | null,
  text: string,
  at: number,
  slot?: number,
): HTMLLIElement {
  const name = el('span', {
    className: 'author',
    text: author,
    attrs: { 'data-testid': 'author' },
  });
  const meta = el(
    'div',
    { className: 'meta' },
    name,
    el('span', { className: 'status' }),
    clock(at),
  );
  const body = el('p', { className: 'text', text, attrs: { 'data-testid': 'text' } });
  const item = el(
    'li',
    { className: `entry entry-${kind}`, attrs: { 'data-kind': kind } },
    meta,
    body,
  );
  // On the row, so the author name and the edge of others' messages share it.
  colourAuthor(item, peerId, slot);
  return item;
}

/** What the message list's click handler looks for on an unsure message's buttons. */
export const PENDING_ACTIONS = { sendAgain: 'send-again', discard: 'discard' } as const;

function unsureActions(): HTMLElement {
  const button = (action: string, label: string) =>
    el('button', { text: label, attrs: { type: 'button', 'data-action': action } });
  return el(
    'div',
    { className: 'pending-actions' },
    button(PENDING_ACTIONS.sendAgain, t('list.sendAgain')),
    button(PENDING_ACTIONS.discard, t('list.discard')),
  );
}

function fillPush(item: HTMLLIElement, row: Extract<Row, { kind: 'push' }>): void {
  const { push } = row;
  item.dataset.count = String(row.count);
  item.dataset.version = String(row.version);
  item.replaceChildren(
    el('span', { className: 'author', text: t('list.server'), attrs: { 'data-testid': 'author' } }),
    el('span', { className: 'sep', text: ' · ' }),
    clock(push.at),
    el('span', { className: 'sep', text: ' · ' }),
    el('span', { className: 'text', text: describePush(push), attrs: { 'data-testid': 'text' } }),
  );
}

function dayText(day: number): string {
  return dayLabel(day, Date.now(), currentLanguage(), {
    today: t('list.today'),
    yesterday: t('list.yesterday'),
  });
}

function markChat(item: HTMLLIElement, message: ChatMessage): void {
  item.dataset.seq = String(message.seq);
  item.dataset.id = message.id;
}

export function createRow(row: Row): HTMLLIElement {
  switch (row.kind) {
    case 'chat': {
      const { message } = row;
      const item = bubble(
        row.own ? 'own' : 'other',
        message.from.name,
        message.from.id,
        message.text,
        message.at,
        message.from.colour,
      );
      markChat(item, message);
      appendAttachments(item, message);
      return item;
    }
    case 'pending': {
      const item = bubble('own', row.name, row.peerId, row.item.text, row.item.createdAt);
      item.dataset.id = row.item.id;
      if (row.item.attachments?.length) item.append(pendingFiles(row.item.attachments));
      const status = item.querySelector('.status');
      if (row.item.unsure) {
        // Not resent by itself: it may already have arrived (see outbox.ts). The user decides.
        item.dataset.pending = 'unsure';
        if (status) status.textContent = t('list.unsure');
        item.append(unsureActions());
        return item;
      }
      item.dataset.pending = 'true';
      item.setAttribute('aria-busy', 'true');
      if (status) status.textContent = t('list.sending');
      return item;
    }
    case 'system':
      return el(
        'li',
        {
          className: 'entry entry-system',
          attrs: { 'data-kind': 'system', 'data-tone': row.tone },
        },
        clock(row.at),
        el('span', { className: 'text', text: row.text, attrs: { 'data-testid': 'text' } }),
      );
    case 'push': {
      const item = el('li', { className: 'entry entry-push', attrs: { 'data-kind': 'push' } });
      fillPush(item, row);
      return item;
    }
    case 'day':
      return el(
        'li',
        { className: 'entry entry-day', attrs: { 'data-kind': 'day' } },
        el('span', { text: dayText(row.day) }),
      );
    case 'start':
      return el(
        'li',
        { className: 'entry entry-start', attrs: { 'data-kind': 'start' } },
        el('span', { text: t('list.start') }),
      );
  }
}

/**
 * Turns a rendered "sending…" row into the confirmed chat `message` (its echo), keeping the
 * element: building a second bubble for the same text was half of the sender's rendering, and
 * the swap replayed the arrival animation over a row that was already there.
 */
export function confirmPending(item: HTMLLIElement, message: ChatMessage): void {
  delete item.dataset.pending;
  item.removeAttribute('aria-busy');
  markChat(item, message);
  const author = item.querySelector<HTMLElement>('[data-testid="author"]');
  if (author) {
    if (author.textContent !== message.from.name) author.textContent = message.from.name;
    colourAuthor(item, message.from.id, message.from.colour);
  }
  const status = item.querySelector('.status');
  if (status) status.textContent = '';
  // The hub's time, not the moment Send was pressed.
  item.querySelector('time')?.replaceWith(clock(message.at));
  const text = item.querySelector('[data-testid="text"]');
  if (text && text.textContent !== message.text) text.textContent = message.text;
  // The names give way to the attachments themselves, sizes and all.
  item.querySelector('[data-testid="pending-files"]')?.remove();
  appendAttachments(item, message);
}

/** Brings a rendered row up to date with its (few) mutable parts; true if its text changed. */
export function refreshRow(item: HTMLLIElement, row: Row): boolean {
  if (row.kind === 'push' && item.dataset.version !== String(row.version)) {
    fillPush(item, row);
    return true;
  }
  if (row.kind === 'day') {
    // "Today" becomes "Yesterday" at midnight for a window left open.
    const label = item.firstElementChild;
    const text = dayText(row.day);
    if (label && label.textContent !== text) label.textContent = text;
  }
  return false;
}
