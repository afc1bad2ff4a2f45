import { describe, expect, it } from 'vitest';
import { COLOUR_SLOTS, SLOT_ORDER, pickColourSlot } from '../../../protocol/colour-slots';
import { BACKGROUNDS, PALETTE, contrastRatio, hashId, personColour } from './person-colour';

/** Hue in degrees of a #rrggbb colour. */
function hue(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

const hueDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

/** Colour slots of the first `n` people to come online, one after another. */
function firstPeople(n: number): number[] {
  const used = new Set<number>();
  for (let i = 0; i < n; i++) used.add(pickColourSlot(used));
  return [...used];
}

describe('colour slots for the people online', () => {
  it('gives the first twelve people twelve different colours', () => {
    expect(COLOUR_SLOTS).toBe(PALETTE.length);
    expect(new Set(firstPeople(PALETTE.length)).size).toBe(PALETTE.length);
  });

  it('spreads the first few far apart on the hue circle (no two greens among three)', () => {
    const minGap = (slots: number[]) => {
      const hues = slots.map((slot) => hue(personColour('x', slot).light));
      let gap = 360;
      for (const [i, a] of hues.entries())
        for (const b of hues.slice(i + 1)) gap = Math.min(gap, hueDistance(a, b));
      return gap;
    };
    expect(minGap(firstPeople(2))).toBeGreaterThanOrEqual(150);
    expect(minGap(firstPeople(3))).toBeGreaterThanOrEqual(80);
    expect(minGap(firstPeople(4))).toBeGreaterThanOrEqual(75);
    expect(minGap(firstPeople(6))).toBeGreaterThanOrEqual(40);
  });

  it('keeps a returning person’s colour when it is free, and uses the hub’s slot', () => {
    expect(pickColourSlot(new Set([0]), 5)).toBe(5);
    expect(pickColourSlot(new Set([0, 5]), 5)).toBe(SLOT_ORDER[2]);
    expect(personColour('any-id', 3)).toEqual(PALETTE[3]);
  });
});

describe('a colour per person', () => {
  it('is stable for an id and spreads different ids over the palette', () => {
    expect(personColour('peer-ada')).toEqual(personColour('peer-ada'));
    expect(hashId('peer-ada')).toBe(hashId('peer-ada'));
    const used = new Set(
      Array.from({ length: 200 }, (_, i) => PALETTE.indexOf(personColour(`w${i}`))),
    );
    expect(used.has(-1)).toBe(false);
    expect(used.size).toBe(PALETTE.length);
  });

  it('keeps WCAG AA contrast (4.5:1) on every background, light and dark', () => {
    for (const colour of PALETTE) {
      for (const bg of BACKGROUNDS.light)
        expect(contrastRatio(colour.light, bg)).toBeGreaterThanOrEqual(4.5);
      for (const bg of BACKGROUNDS.dark)
        expect(contrastRatio(colour.dark, bg)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('computes contrast the WCAG way', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
