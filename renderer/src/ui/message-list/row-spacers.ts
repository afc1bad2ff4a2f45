// The rows not rendered are stood in for by a top margin on the first rendered row and a bottom
// margin on the last, not by padding (a scroll container's own padding counts towards its size
// and would stretch it) nor by anything set on the list itself (a style change there is a style
// recalculation for every rendered row). Each margin is written only when it changes.

type SpacerEdge = 'marginTop' | 'marginBottom';

export class RowSpacers {
  /** The rendered rows that carry the stand-in margins, and the values last written. */
  private readonly spaced: Record<SpacerEdge, { item: HTMLElement | null; px: string }> = {
    marginTop: { item: null, px: '' },
    marginBottom: { item: null, px: '' },
  };

  /** Call with the rendered rows, in order, as the list's children. */
  set(list: HTMLElement, abovePx: number, belowPx: number): void {
    this.space('marginTop', list.firstElementChild, `${abovePx}px`);
    this.space('marginBottom', list.lastElementChild, `${belowPx}px`);
  }

  private space(edge: SpacerEdge, child: Element | null, px: string): void {
    const item = child instanceof HTMLElement ? child : null;
    const current = this.spaced[edge];
    if (current.item === item && current.px === px) return;
    if (current.item && current.item !== item) current.item.style[edge] = '';
    if (item) item.style[edge] = px;
    this.spaced[edge] = { item, px };
  }
}
