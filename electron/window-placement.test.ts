import { describe, expect, it } from 'vitest';
import { CASCADE_STEP, cascadeFrom, clampToDisplays } from './window-placement';

const laptop = { x: 0, y: 25, width: 1440, height: 875 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1410 };

describe('cascadeFrom', () => {
  it('puts the new window one step down and right of the focused one', () => {
    const from = { x: 240, y: 100, width: 960, height: 720 };
    expect(cascadeFrom(from, laptop)).toEqual({
      x: 240 + CASCADE_STEP,
      y: 100 + CASCADE_STEP,
      width: 960,
      height: 720,
    });
  });

  it("starts again at the work area's corner rather than run off the display", () => {
    const from = { x: 460, y: 170, width: 960, height: 720 };
    expect(cascadeFrom(from, laptop)).toEqual({ x: 0, y: 25, width: 960, height: 720 });
  });

  it('cascades on the display the focused window is on', () => {
    const from = { x: 1600, y: 100, width: 960, height: 720 };
    expect(cascadeFrom(from, rightMonitor)).toMatchObject({ x: 1632, y: 132 });
  });

  it('never covers a window as large as its display: a step in and a step smaller', () => {
    const inset = {
      x: laptop.x + CASCADE_STEP,
      y: laptop.y + CASCADE_STEP,
      width: laptop.width - CASCADE_STEP,
      height: laptop.height - CASCADE_STEP,
    };
    expect(cascadeFrom(laptop, laptop)).toEqual(inset);
    // Larger than the work area: fitted to it first.
    expect(cascadeFrom({ x: 0, y: 25, width: 2000, height: 1200 }, laptop)).toEqual(inset);
  });
});

describe('clampToDisplays', () => {
  it('keeps bounds that are on a display as they are', () => {
    const saved = { x: 1700, y: 200, width: 900, height: 700 };
    expect(clampToDisplays(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('brings a window from an unplugged monitor back onto the primary display', () => {
    const saved = { x: 1700, y: 200, width: 900, height: 700 };
    expect(clampToDisplays(saved, [laptop])).toEqual({ x: 540, y: 200, width: 900, height: 700 });
  });

  it('pulls a window hanging off an edge fully onto the display it overlaps most', () => {
    const saved = { x: -300, y: 800, width: 900, height: 700 };
    expect(clampToDisplays(saved, [laptop, rightMonitor])).toEqual({
      x: 0,
      y: 200,
      width: 900,
      height: 700,
    });
  });

  it('has nowhere to put a window when there is no display', () => {
    expect(clampToDisplays({ x: 0, y: 0, width: 10, height: 10 }, [])).toBeNull();
  });
});
