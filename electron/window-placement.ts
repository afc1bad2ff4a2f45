// Where a window goes: a new one cascades down and right from the focused window, so it never
// lands exactly on top of it (on macOS and Windows a fully covered window's page is hidden and
// stops animating); a restored one is clamped to the displays that exist now. Pure geometry.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** About one title bar: enough to see that a new window opened and which one is under it. */
export const CASCADE_STEP = 32;

function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** `bounds` shrunk to fit `area`, and moved inside it. */
function fitInside(bounds: Rect, area: Rect): Rect {
  const width = Math.min(bounds.width, area.width);
  const height = Math.min(bounds.height, area.height);
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

function covers(outer: Rect, inner: Rect): boolean {
  return (
    outer.x <= inner.x &&
    outer.y <= inner.y &&
    outer.x + outer.width >= inner.x + inner.width &&
    outer.y + outer.height >= inner.y + inner.height
  );
}

/**
 * One step down and right of `from`, on the work area of the display `from` is on; back to
 * that area's top-left corner when the step would push the window past its edge. Where that
 * would still cover `from` entirely (a window as large as its display), the new one starts a
 * step in and is a step smaller, so the edge of the one under it stays in view.
 */
export function cascadeFrom(from: Rect, workArea: Rect, step = CASCADE_STEP): Rect {
  const next = { ...from, x: from.x + step, y: from.y + step };
  const fits =
    next.x + next.width <= workArea.x + workArea.width &&
    next.y + next.height <= workArea.y + workArea.height;
  const placed = fits
    ? fitInside(next, workArea)
    : fitInside({ ...from, x: workArea.x, y: workArea.y }, workArea);
  if (!covers(placed, fitInside(from, workArea))) return placed;
  return {
    x: placed.x + step,
    y: placed.y + step,
    width: placed.width - step,
    height: placed.height - step,
  };
}

/**
 * Saved bounds as they may be used on today's displays: moved and, if need be, shrunk to lie
 * wholly on the display they overlap most, or on the first (primary) display when they overlap
 * none (a monitor that has since been unplugged). Null when there is no display at all.
 */
export function clampToDisplays(saved: Rect, workAreas: readonly Rect[]): Rect | null {
  const [primary] = workAreas;
  if (!primary) return null;
  let home = primary;
  for (const area of workAreas) if (overlap(saved, area) > overlap(saved, home)) home = area;
  return fitInside(saved, home);
}
