// The live list of hub events, newest first. Bounded: a console left open for days keeps
// only the newest entries in the page.

import type { HubEvent } from '../../../protocol/console';
import { formatClockMs } from '../format';
import { t } from '../i18n';
import { el, timeElement } from '../ui/dom';
import { describeEvent } from './event-text';

export const MAX_SHOWN_EVENTS = 300;

function entry(event: HubEvent): HTMLLIElement {
  const { title, detail, more } = describeEvent(event);
  const li = el(
    'li',
    { attrs: { 'data-event': event.kind, 'data-seq': String(event.seq) } },
    timeElement(event.at, formatClockMs(event.at)),
    el('span', { className: 'event-kind', text: event.kind }),
    el('span', { className: 'event-title', text: title }),
  );
  if (detail) li.append(el('span', { className: 'event-detail', text: detail }));
  if (more.length > 0) {
    li.append(
      el(
        'details',
        {},
        el('summary', {
          text:
            more.length === 1
              ? t('console.headerOne')
              : t('console.headers', { count: more.length }),
        }),
        el('pre', { text: more.join('\n') }),
      ),
    );
  }
  return li;
}

export function createEventsList(list: HTMLOListElement, count: HTMLElement) {
  let total = 0;
  const showCount = () => {
    count.textContent =
      total > list.childElementCount
        ? t('console.eventCountNewest', { shown: list.childElementCount, total })
        : t('console.eventCount', { total });
  };
  return {
    reset(events: readonly HubEvent[]): void {
      list.replaceChildren(...events.slice(-MAX_SHOWN_EVENTS).reverse().map(entry));
      total = events.length;
      showCount();
    },
    add(event: HubEvent): void {
      list.prepend(entry(event));
      total += 1;
      while (list.childElementCount > MAX_SHOWN_EVENTS) list.lastElementChild?.remove();
      showCount();
    },
  };
}
