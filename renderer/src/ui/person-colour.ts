// A colour per person: a stable hash of the peer id picks one of twelve hues, each with a
// light-theme and a dark-theme shade chosen to keep WCAG AA contrast (>= 4.5:1 for the small
// author name) against every background a chat row can have. Unit-tested in Node.

export interface PersonColour {
  light: string;
  dark: string;
}

// Generated at HSL(h, 70%, L) / HSL(h, 75%, L) for h = 0, 25, 45, ... 330, with L the lightest
// (light theme) or darkest (dark theme) value that keeps >= 4.8:1 against the backgrounds below.
export const PALETTE: readonly PersonColour[] = [
  { light: '#bf2222', dark: '#ee8b8b' },
  { light: '#984f1b', dark: '#e79255' },
  { light: '#796015', dark: '#cda11d' },
  { light: '#386c13', dark: '#5ebb1b' },
  { light: '#147133', dark: '#1bc052' },
  { light: '#136c5e', dark: '#1bbba1' },
  { light: '#186b86', dark: '#29b3e0' },
  { light: '#2161ba', dark: '#79a9ec' },
  { light: '#6249df', dark: '#ab9df1' },
  { light: '#8e26d9', dark: '#c78fef' },
  { light: '#a91ea9', dark: '#ec79ec' },
  { light: '#ba216e', dark: '#ee87ba' },
];

/** The backgrounds of styles.css an author name can sit on (page, bubbles, surfaces). */
export const BACKGROUNDS = {
  light: ['#ffffff', '#dce8fd', '#f6f7f9', '#eef0f4'],
  dark: ['#222831', '#23375c', '#14171c', '#242a33', '#1c2027'],
} as const;

/** FNV-1a over UTF-16 code units: fast, stable across sessions and machines. */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The hub's colour slot when it gave one (distinct among the people online, see
 * protocol/colour-slots.ts; PALETTE is in hue order for it), else a stable hash of the id.
 */
export function personColour(peerId: string, slot?: number): PersonColour {
  const index =
    slot !== undefined && Number.isInteger(slot) && slot >= 0 && slot < PALETTE.length
      ? slot
      : hashId(peerId) % PALETTE.length;
  return PALETTE[index] ?? { light: '#1b1f24', dark: '#e6e9ee' };
}

/** Sets the person's colour as CSS custom properties, which the row's author and edge use. */
export function applyPersonColour(target: HTMLElement, peerId: string, slot?: number): void {
  // CSSOM custom properties are allowed by the CSP (no inline style attribute is written).
  const colour = personColour(peerId, slot);
  target.style.setProperty('--person-light', colour.light);
  target.style.setProperty('--person-dark', colour.dark);
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel(n >> 16) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
