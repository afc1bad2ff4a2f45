import { describe, expect, it } from 'vitest';
import { BACKGROUNDS, PALETTE, contrastRatio, hashId, personColour } from './person-colour';

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
