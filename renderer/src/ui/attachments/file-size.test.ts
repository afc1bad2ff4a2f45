import { describe, expect, it } from 'vitest';
import { formatBytes } from './file-size';

describe('formatBytes', () => {
  it('says bytes, KiB or MiB', () => {
    expect([0, 1023, 1024, 1536, 25 * 1024 * 1024].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '1.5 KiB',
      '25.0 MiB',
    ]);
  });
});
