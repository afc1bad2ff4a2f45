// The event inspector panel. Recording (timeline.ts) happens for every frame; the DOM is only
// touched while the panel is open, at most once per animation frame, and only for what
// changed (new rows appended, dropped rows removed), so a busy socket stays cheap.

import type { WireRecord } from '../connection/client-types';
import type { RoundTripStats } from '../connection/round-trips';
import { formatClockMs } from '../format';
import { t, type MessageKey } from '../i18n';
import { byId, el, timeElement } from '../ui/dom';
import type { Timeline } from './timeline';
import {
  prettyFrame,
  matches,
  type Direction,
  type InspectorEntry,
  type TimelineFilter,
} from './timeline';

export interface InspectorView {
  /** Hot path: record, and schedule a render only if the panel is open. */
  record(record: WireRecord): void;
  /** The connection's round-trip stats changed. */
  roundTrip(stats: RoundTripStats): void;
  setOpen(open: boolean): void;
  readonly open: boolean;
}

const ARROWS: Record<Direction, string> = { in: '↓', out: '↑', event: '•', state: '◦' };
const DIRECTIONS: readonly (Direction | 'all')[] = ['all', 'in', 'out', 'event', 'state'];
const DIRECTION_LABELS: Record<Direction | 'all', MessageKey> = {
  all: 'inspector.dirAll',
  in: 'inspector.dirIn',
  out: 'inspector.dirOut',
  event: 'inspector.dirEvent',
  state: 'inspector.dirState',
};

function isDirectionFilter(value: string): value is Direction | 'all' {
  return (DIRECTIONS as readonly string[]).includes(value);
}

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

function rowFor(entry: InspectorEntry): HTMLLIElement {
  const size =
    entry.direction === 'in' || entry.direction === 'out'
      ? t('inspector.bytes', { count: entry.bytes })
      : '';
  const summary = el(
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
  );
  const details = el('details', {}, summary);
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

export interface InspectorDeps {
  timeline: Timeline;
  now: () => number;
  /** Name part for the exported file, e.g. the window key. */
  exportName: string;
  onOpenChange?: (open: boolean) => void;
}

export function createInspector(deps: InspectorDeps): InspectorView {
  const { timeline } = deps;
  const panel = byId('inspector', HTMLElement);
  const toggle = byId('inspector-toggle', HTMLButtonElement);
  const closeButton = byId('inspector-close', HTMLButtonElement);
  const direction = byId('inspector-direction', HTMLSelectElement);
  const typeSelect = byId('inspector-type', HTMLSelectElement);
  const search = byId('inspector-search', HTMLInputElement);
  const pause = byId('inspector-pause', HTMLButtonElement);
  const clear = byId('inspector-clear', HTMLButtonElement);
  const exportButton = byId('inspector-export', HTMLButtonElement);
  const status = byId('inspector-status', HTMLElement);
  const list = byId('inspector-entries', HTMLOListElement);
  const rtt = byId('inspector-rtt', HTMLElement);
  const trafficIn = byId('inspector-in', HTMLElement);
  const trafficOut = byId('inspector-out', HTMLElement);

  let isOpen = false;
  let frame: number | null = null;
  let rebuild = true;
  /** Whether the list keeps the newest row in view: from opening until the user scrolls up. */
  let following = true;
  let lastRenderedSeq = 0;
  let shownTypes = '';
  const filter: TimelineFilter = { direction: 'all', type: 'all', text: '' };

  direction.replaceChildren(
    ...DIRECTIONS.map((d) => el('option', { text: t(DIRECTION_LABELS[d]), attrs: { value: d } })),
  );

  function schedule(full = false): void {
    rebuild ||= full;
    if (!isOpen || frame !== null) return;
    frame = requestAnimationFrame(() => {
      frame = null;
      render();
    });
  }

  function renderTypes(): void {
    const types = timeline.types();
    if (filter.type !== 'all' && !types.includes(filter.type)) types.push(filter.type);
    const key = types.join('\n');
    if (key === shownTypes) return;
    shownTypes = key;
    typeSelect.replaceChildren(
      el('option', { text: t('inspector.typeAll'), attrs: { value: 'all' } }),
      ...types.map((type) => el('option', { text: type, attrs: { value: type } })),
    );
    typeSelect.value = filter.type;
  }

  function renderStats(): void {
    const { stats } = timeline;
    rtt.textContent =
      stats.rttLastMs === null || stats.rttAvgMs === null
        ? t('inspector.rttNone')
        : t('inspector.rttValue', { last: stats.rttLastMs, avg: stats.rttAvgMs });
    trafficIn.textContent = t('inspector.traffic', {
      messages: stats.messagesIn,
      bytes: t('inspector.bytes', { count: stats.bytesIn }),
    });
    trafficOut.textContent = t('inspector.traffic', {
      messages: stats.messagesOut,
      bytes: t('inspector.bytes', { count: stats.bytesOut }),
    });
  }

  function renderStatus(shown: number): void {
    const parts = [t('inspector.shown', { shown, total: timeline.size })];
    if (timeline.dropped > 0) parts.push(t('inspector.dropped', { count: timeline.dropped }));
    if (timeline.paused) parts.push(t('inspector.paused', { count: timeline.skippedWhilePaused }));
    if (timeline.size === 0) parts.push(t('inspector.empty'));
    status.textContent = parts.join(' ');
  }

  function render(): void {
    const entries = timeline.entries();
    const oldest = entries[0]?.seq ?? Infinity;
    if (rebuild) {
      list.replaceChildren(...entries.filter((e) => matches(e, filter)).map(rowFor));
      rebuild = false;
    } else {
      // Rows that fell out of the bounded timeline go; new matching rows are appended.
      while (list.firstElementChild instanceof HTMLLIElement) {
        const seq = Number(list.firstElementChild.dataset.seq);
        if (seq >= oldest) break;
        list.firstElementChild.remove();
      }
      const fresh = entries.filter((e) => e.seq > lastRenderedSeq && matches(e, filter));
      list.append(...fresh.map(rowFor));
    }
    lastRenderedSeq = entries.at(-1)?.seq ?? lastRenderedSeq;
    renderTypes();
    renderStats();
    renderStatus(list.childElementCount);
    // Last: the lines above can change the list's height.
    if (following) list.scrollTop = list.scrollHeight;
  }

  function setOpen(open: boolean): void {
    if (open === isOpen) return;
    isOpen = open;
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      following = true;
      schedule(true);
    } else if (frame !== null) {
      cancelAnimationFrame(frame);
      frame = null;
    }
    deps.onOpenChange?.(open);
  }

  function download(): void {
    const exported = timeline.export(deps.now());
    const blob = new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const stamp = exported.exportedAt.replace(/[:.]/g, '-');
    const link = el('a', {
      attrs: { href: url, download: `loopchat-inspector-${deps.exportName}-${stamp}.json` },
    });
    document.body.append(link);
    link.click();
    link.remove();
    // The download has its own reference by now; revoking later frees the blob.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  toggle.addEventListener('click', () => setOpen(!isOpen));
  // Scrolling up to read stops the follow; scrolling back to the bottom resumes it.
  list.addEventListener('scroll', () => {
    following = list.scrollHeight - list.scrollTop - list.clientHeight < 32;
  });
  closeButton.addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });
  direction.addEventListener('change', () => {
    filter.direction = isDirectionFilter(direction.value) ? direction.value : 'all';
    schedule(true);
  });
  typeSelect.addEventListener('change', () => {
    filter.type = typeSelect.value || 'all';
    schedule(true);
  });
  search.addEventListener('input', () => {
    filter.text = search.value;
    schedule(true);
  });
  pause.addEventListener('click', () => {
    timeline.setPaused(!timeline.paused);
    pause.setAttribute('aria-pressed', String(timeline.paused));
    pause.textContent = timeline.paused ? t('inspector.resume') : t('inspector.pause');
    schedule();
  });
  clear.addEventListener('click', () => {
    timeline.clear();
    schedule(true);
  });
  exportButton.addEventListener('click', download);

  document.addEventListener('keydown', (event) => {
    if (event.isComposing) return; // Escape and Alt combos may belong to an input method
    if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyI') {
      event.preventDefault();
      setOpen(!isOpen);
      if (!isOpen && panel.contains(document.activeElement)) toggle.focus();
      return;
    }
    if (event.key === 'Escape' && isOpen) {
      const focusInside = panel.contains(document.activeElement);
      setOpen(false);
      if (focusInside) toggle.focus();
    }
  });

  return {
    record(record) {
      timeline.record(record);
      if (isOpen) schedule();
    },
    roundTrip(stats) {
      timeline.setRoundTrip(stats);
      if (isOpen) schedule();
    },
    setOpen,
    get open() {
      return isOpen;
    },
  };
}
