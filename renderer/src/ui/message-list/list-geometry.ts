// Where the list is scrolled, in row terms. The list is the scroller; its empty ::before and
// ::after are flex items too, so the first row starts one gap below the padding: `origin` is
// where row 0 starts when scrolled to 0.

import type { Row } from './row-elements';
import type { Slot } from './row-store';
import type { ChatRows } from './chat-rows';
import { anchorAt, topForAnchor, type Anchor, type HeightIndex } from './virtual-window';

export interface ListBox {
  /** Where row 0 starts when scrolled to 0 (px). */
  origin: number;
  padBottom: number;
  /** The gap between rows (px), counted in each row's height. */
  gap: number;
}

export function readListBox(list: HTMLElement): ListBox {
  const style = getComputedStyle(list);
  const padTop = Number.parseFloat(style.paddingTop) || 0;
  const padBottom = Number.parseFloat(style.paddingBottom) || 0;
  const gap = Number.parseFloat(style.rowGap) || 0;
  return { origin: padTop + gap, padBottom, gap };
}

/** The reader's place, from what is on screen now (before this frame changes anything). */
export function captureAnchor(
  list: HTMLElement,
  rows: ChatRows,
  slotOf: (element: Element) => Slot<Row> | undefined,
  origin: number,
): Anchor | null {
  const top = list.getBoundingClientRect().top + list.clientTop;
  for (const child of list.children) {
    const box = child.getBoundingClientRect();
    if (box.bottom <= top) continue;
    const slot = slotOf(child);
    // The push line moves on; anchoring to it would jump with it.
    if (!slot || slot.value.kind === 'push') continue;
    const index = rows.indexOf(slot);
    if (index < 0) continue;
    return { index, within: top - box.top };
  }
  return anchorAt(rows.all, list.scrollTop - origin);
}

/** The top of the viewport within the rows: the bottom when following, else the anchor's. */
export function contentTop(
  rows: HeightIndex,
  box: ListBox,
  anchor: Anchor | null,
  viewportHeight: number,
): number {
  // Row heights include the gap after each row, so the rows end at origin + totalHeight.
  const bottom =
    Math.max(0, box.origin + rows.totalHeight + box.padBottom - viewportHeight) - box.origin;
  if (!anchor) return Math.max(0, bottom);
  return Math.max(0, Math.min(topForAnchor(rows, anchor), bottom));
}
