// One inspector row: a <details> whose summary is the entry's time, direction, type, size and
// summary, and whose body (the frame as pretty JSON, or the event's details) is built on open.

import { formatClockMs } from '../format';
import { t } from '../i18n';
import { el, timeElement } from '../ui/dom';
import { prettyFrame, type Direction, type InspectorEntry } from './timeline';

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

export function entryRow(entry: InspectorEntry): HTMLLIElement {
  const details = el('details', {}, summaryFor(entry));
  // Pretty-print only when someone looks: most rows are never opened.
  details.addEventListener('toggle', () => {
    if (details.open && details.childElementCount === 1) {
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
