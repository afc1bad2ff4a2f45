// The inspector's list of entries. A full rebuild happens only when the filter changes or the
// panel opens; otherwise only what changed is touched (rows that fell out of the bounded
// timeline go, new matching rows are appended), so a busy socket stays cheap.

import { entryRow } from './entry-row';
import { matches, type InspectorEntry, type TimelineFilter } from './entries';

export interface EntryList {
  /** Brings the rows up to date with `entries`; `rebuild` draws them all anew. */
  update(entries: readonly InspectorEntry[], filter: TimelineFilter, rebuild: boolean): void;
  /** Rows shown now. */
  readonly shown: number;
  /** Keep the newest row in view again (the panel was opened). */
  follow(): void;
  /** Scrolls to the newest row unless the reader scrolled up; call after any height change. */
  keepNewestInView(): void;
}

export function createEntryList(list: HTMLOListElement): EntryList {
  /** Whether the list keeps the newest row in view: from opening until the user scrolls up. */
  let following = true;
  let lastRenderedSeq = 0;

  // Scrolling up to read stops the follow; scrolling back to the bottom resumes it.
  list.addEventListener('scroll', () => {
    following = list.scrollHeight - list.scrollTop - list.clientHeight < 32;
  });

  function dropOlderThan(oldest: number): void {
    while (list.firstElementChild instanceof HTMLLIElement) {
      const seq = Number(list.firstElementChild.dataset.seq);
      if (seq >= oldest) break;
      list.firstElementChild.remove();
    }
  }

  return {
    update(entries, filter, rebuild) {
      if (rebuild) {
        list.replaceChildren(...entries.filter((e) => matches(e, filter)).map(entryRow));
      } else {
        dropOlderThan(entries[0]?.seq ?? Infinity);
        const fresh = entries.filter((e) => e.seq > lastRenderedSeq && matches(e, filter));
        list.append(...fresh.map(entryRow));
      }
      lastRenderedSeq = entries.at(-1)?.seq ?? lastRenderedSeq;
    },
    get shown() {
      return list.childElementCount;
    },
    follow() {
      following = true;
    },
    keepNewestInView() {
      if (following) list.scrollTop = list.scrollHeight;
    },
  };
}
