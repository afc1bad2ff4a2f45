// One inspector row: a <details> whose summary is the entry's time, direction, type, size and
// summary, and whose body (the frame as pretty JSON, or the event's details) is built on open.

import { formatClockMs } from '../format';
import { t } from '../i18n';
import { el, timeElement } from '../ui/dom';
import { base64View, hexView, utf8View } from './binary-frames';
import { prettyFrame, type Direction, type InspectorEntry } from './entries';

const ARROWS: Record<Direction, string> = { in: '↓', out: '↑', event: '•', state: '◦' };

/** What an expanded row shows: the frame as pretty JSON, or the event's details. */
function detailText(entry: InspectorEntry): string {
  switch (entry.direction) {
    case 'in':
    case 'out':
      return prettyFrame(entry.data);
    case 'event':
      return JSON.stringify(
        entry.close
          ? { event: entry.type, ...entry.close }
          : { event: entry.type, detail: entry.summary },
        null,
        2,
      );
    case 'state':
      return JSON.stringify({ readyState: entry.readyState, name: entry.type }, null, 2);
  }
}

/** "raw" on what the composer sent, "answer to #n" on what the hub answered it with. */
function marks(entry: InspectorEntry): HTMLElement[] {
  const out: HTMLElement[] = [];
  if ('raw' in entry && entry.raw) {
    out.push(el('span', { className: 'mark raw', text: t('inspector.rawMark') }));
  }
  if (entry.direction !== 'state' && entry.answerTo !== null) {
    const text = t('inspector.answerMark', { seq: entry.answerTo });
    out.push(
      el('span', {
        className: 'mark answer',
        text,
        attrs: { 'data-answer-to': String(entry.answerTo) },
      }),
    );
  }
  return out;
}

function summaryFor(entry: InspectorEntry): HTMLElement {
  const size =
    entry.direction === 'in' || entry.direction === 'out'
      ? t('inspector.bytes', { count: entry.bytes })
      : '';
  return el(
    'summary',
    {},
    timeElement(entry.at, formatClockMs(entry.at)),
    el('span', {
      className: 'dir',
      text: `${ARROWS[entry.direction]} ${t(`inspector.dirLabel.${entry.direction}`)}`,
    }),
    el('span', { className: 'type', text: entry.type }),
    el('span', { className: 'size', text: size }),
    el('span', { className: 'sum', text: entry.summary }),
    ...marks(entry),
  );
}

type BinaryView = 'hex' | 'base64' | 'utf8';

/** A binary frame's first bytes, in the view picked (as text, never markup). */
function binaryBody(head: Uint8Array, size: number): HTMLElement {
  const pre = el('pre', { attrs: { 'data-testid': 'binary-view' } });
  const show = (view: BinaryView): void => {
    pre.dataset.view = view;
    pre.textContent =
      view === 'hex' ? hexView(head) : view === 'base64' ? base64View(head) : utf8View(head);
  };
  const buttons = (['hex', 'base64', 'utf8'] as const).map((view) => {
    const button = el('button', {
      text: t(`inspector.view.${view}`),
      attrs: { type: 'button', 'data-view': view },
    });
    button.addEventListener('click', () => show(view));
    return button;
  });
  show('hex');
  const note =
    head.length < size ? t('inspector.binaryHead', { shown: head.length, bytes: size }) : '';
  return el(
    'div',
    { className: 'binary-body' },
    el('span', { text: t('inspector.opcode') }),
    ...buttons,
    el('span', { className: 'binary-note', text: note }),
    pre,
  );
}

export function entryRow(entry: InspectorEntry): HTMLLIElement {
  const details = el('details', {}, summaryFor(entry));
  // Pretty-print only when someone looks: most rows are never opened.
  details.addEventListener('toggle', () => {
    if (!details.open || details.childElementCount !== 1) return;
    if ('binary' in entry && entry.binary) {
      details.append(binaryBody(entry.binary.head, entry.bytes));
    } else {
      details.append(el('pre', { text: detailText(entry) }));
    }
  });
  return el(
    'li',
    {
      attrs: {
        'data-direction': entry.direction,
        'data-type': entry.type,
        'data-seq': String(entry.seq),
      },
    },
    details,
  );
}
