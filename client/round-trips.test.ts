import { describe, expect, it } from 'vitest';
import { RoundTrips } from './round-trips';

describe('RoundTrips', () => {
  it('measures each pong against its ping, with the latest and the average', () => {
    const trips = new RoundTrips();
    expect(trips.stats).toEqual({ lastMs: null, avgMs: null, samples: 0 });
    trips.sent('p1', 100);
    trips.sent('p2', 200);
    expect(trips.answered('p1', 130)).toEqual({ lastMs: 30, avgMs: 30, samples: 1 });
    expect(trips.answered('p2', 250)).toEqual({ lastMs: 50, avgMs: 40, samples: 2 });
    expect(trips.stats).toEqual({ lastMs: 50, avgMs: 40, samples: 2 });
  });

  it('ignores a pong for an unknown, repeated or forgotten ping', () => {
    const trips = new RoundTrips();
    trips.sent('p1', 100);
    expect(trips.answered('zz', 999)).toBeNull();
    expect(trips.answered('p1', 110)).not.toBeNull();
    expect(trips.answered('p1', 120)).toBeNull();
    trips.sent('p2', 200);
    trips.forgetOpen();
    expect(trips.answered('p2', 210)).toBeNull();
    // Forgetting the open pings keeps what was measured.
    expect(trips.stats).toEqual({ lastMs: 10, avgMs: 10, samples: 1 });
  });

  it('keeps at most 64 unanswered pings', () => {
    const trips = new RoundTrips();
    for (let i = 0; i < 64; i++) trips.sent(`p${i}`, i);
    trips.sent('p64', 64); // the 65th: the unanswered 64 are dropped
    expect(trips.answered('p0', 100)).toBeNull();
    expect(trips.answered('p64', 100)).toEqual({ lastMs: 36, avgMs: 36, samples: 1 });
  });
});
