// Colour slots: the hub gives each online window one of COLOUR_SLOTS colours (Peer.colour),
// never one another online window has while fewer than COLOUR_SLOTS are online. Slot i is
// the i-th hue of the renderer's hue-ordered palette; SLOT_ORDER hands them out far apart
// first, so the first few people never get neighbouring hues (two greens, say).

export const COLOUR_SLOTS = 12;

/**
 * Each next slot is the hue farthest from those already handed out (the palette's hues are
 * 0, 25, 45, 95, 140, 171, 195, 215, 250, 275, 300, 330°): the first three are at least 85°
 * apart, the first six at least 44°.
 */
export const SLOT_ORDER: readonly number[] = [0, 5, 9, 3, 2, 7, 4, 11, 10, 8, 6, 1];

/** `preferred` (the window's slot last time) if free, else the first free one in SLOT_ORDER. */
export function pickColourSlot(used: ReadonlySet<number>, preferred?: number): number {
  if (preferred !== undefined && !used.has(preferred)) return preferred;
  const free = SLOT_ORDER.find((slot) => !used.has(slot));
  if (free !== undefined) return free;
  // More people than colours: share, spreading the repeats the same way.
  return SLOT_ORDER[used.size % COLOUR_SLOTS] ?? 0;
}
