import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { reprintOnEnter } from './url-reprint';

function terminal(isTTY: boolean): PassThrough & { isTTY: boolean } {
  return Object.assign(new PassThrough(), { isTTY });
}

/** Resolves after the stream has delivered what was written so far. */
const delivered = (input: PassThrough) => new Promise((r) => setImmediate(r, input));

describe('reprinting the links when Enter is pressed', () => {
  it('prints them again once per Enter, and stops when told', async () => {
    const input = terminal(true);
    let printed = 0;
    const stop = reprintOnEnter(input, () => (printed += 1));
    expect(stop).not.toBeNull();
    input.write('\n');
    await delivered(input);
    expect(printed).toBe(1);
    input.write('typed something\r');
    await delivered(input);
    expect(printed).toBe(2);
    input.write('no line end yet');
    await delivered(input);
    expect(printed).toBe(2);
    stop?.();
    input.write('\n');
    await delivered(input);
    expect(printed).toBe(2);
  });

  it('leaves stdin alone when it is not a terminal (a pipe, CI)', async () => {
    const input = terminal(false);
    let printed = 0;
    expect(reprintOnEnter(input, () => (printed += 1))).toBeNull();
    input.write('\n');
    await delivered(input);
    expect(printed).toBe(0);
    expect(input.listenerCount('data')).toBe(0);
  });
});
