// The event inspector panel. Recording (timeline.ts) happens for every frame; the DOM is only
// touched while the panel is open, at most once per animation frame, and only for what
// changed (new rows appended, dropped rows removed), so a busy socket stays cheap.
//
// The parts: the filters (filter-bar.ts), the list (entry-list.ts, rows from entry-row.ts),
// the numbers (stats-view.ts) and the export (export-file.ts); this file opens and closes the
// panel and schedules the renders.

import type { WireRecord } from '../../../client/client-types';
import type { RoundTripStats } from '../../../client/round-trips';
import { t } from '../i18n';
import { byId } from '../ui/dom';
import { createEntryList } from './entry-list';
import { downloadTimeline } from './export-file';
import { bindFilterBar } from './filter-bar';
import { createStatsView } from './stats-view';
import type { InspectorEntry } from './entries';
import type { Timeline } from './timeline';

export interface InspectorView {
  /** Hot path: record, and schedule a render only if the panel is open. */
  record(record: WireRecord): void;
  /** The connection's round-trip stats changed. */
  roundTrip(stats: RoundTripStats): void;
  setOpen(open: boolean): void;
  readonly open: boolean;
}

export interface InspectorDeps {
  timeline: Timeline;
  now: () => number;
  /** Name part for the exported file, e.g. the window key. */
  exportName: string;
  onOpenChange?: (open: boolean) => void;
  /** Told of every kept entry (the raw frame composer watches for the hub's answers). */
  onEntry?: (entry: InspectorEntry) => void;
}

/** The panel's open state and its show/hide toggles: the button, Alt+I and Escape. */
interface Opener {
  panel: HTMLElement;
  toggle: HTMLButtonElement;
  isOpen(): boolean;
  setOpen(open: boolean): void;
}

function bindOpenControls({ panel, toggle, isOpen, setOpen }: Opener): void {
  const closeButton = byId('inspector-close', HTMLButtonElement);
  toggle.addEventListener('click', () => setOpen(!isOpen()));
  closeButton.addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.isComposing) return; // Escape and Alt combos may belong to an input method
    if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyI') {
      event.preventDefault();
      setOpen(!isOpen());
      if (!isOpen() && panel.contains(document.activeElement)) toggle.focus();
      return;
    }
    if (event.key === 'Escape' && isOpen()) {
      const focusInside = panel.contains(document.activeElement);
      setOpen(false);
      if (focusInside) toggle.focus();
    }
  });
}

/** Pause, clear and export; `changed(full)` asks for a render (a full one after clearing). */
function bindTimelineButtons(deps: InspectorDeps, changed: (full: boolean) => void): void {
  const { timeline } = deps;
  const pause = byId('inspector-pause', HTMLButtonElement);
  pause.addEventListener('click', () => {
    timeline.setPaused(!timeline.paused);
    pause.setAttribute('aria-pressed', String(timeline.paused));
    pause.textContent = timeline.paused ? t('inspector.resume') : t('inspector.pause');
    changed(false);
  });
  byId('inspector-clear', HTMLButtonElement).addEventListener('click', () => {
    timeline.clear();
    changed(true);
  });
  byId('inspector-export', HTMLButtonElement).addEventListener('click', () =>
    downloadTimeline(timeline, deps.now(), deps.exportName),
  );
}

export function createInspector(deps: InspectorDeps): InspectorView {
  const { timeline } = deps;
  const panel = byId('inspector', HTMLElement);
  const toggle = byId('inspector-toggle', HTMLButtonElement);
  const list = createEntryList(byId('inspector-entries', HTMLOListElement));
  const filters = bindFilterBar(() => schedule(true));
  const showStats = createStatsView();

  let isOpen = false;
  let frame: number | null = null;
  let rebuild = true;

  function schedule(full = false): void {
    rebuild ||= full;
    if (!isOpen || frame !== null) return;
    frame = requestAnimationFrame(() => {
      frame = null;
      render();
    });
  }

  function render(): void {
    list.update(timeline.entries(), filters.filter, rebuild);
    rebuild = false;
    filters.showTypes(timeline.types());
    showStats(timeline, list.shown);
    // Last: the lines above can change the list's height.
    list.keepNewestInView();
  }

  function setOpen(open: boolean): void {
    if (open === isOpen) return;
    isOpen = open;
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      list.follow();
      schedule(true);
    } else if (frame !== null) {
      cancelAnimationFrame(frame);
      frame = null;
    }
    deps.onOpenChange?.(open);
  }

  bindOpenControls({ panel, toggle, isOpen: () => isOpen, setOpen });
  bindTimelineButtons(deps, (full) => schedule(full));

  return {
    record(record) {
      const entry = timeline.record(record);
      if (entry) deps.onEntry?.(entry);
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
