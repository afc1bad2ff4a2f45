// Random damage to a data file, for the seeded fuzz tests: the kinds a disk, a crash or a hand
// edit leave behind. Each names the first byte it changed, so a test can check that everything
// before it survived.

export type Random = () => number;

export type Damaged =
  | { kind: 'bytes'; bytes: Buffer; firstDamaged: number; what: string }
  /** The file's name now holds a folder. */
  | { kind: 'folder'; firstDamaged: 0; what: string };

const int = (random: Random, max: number) => Math.floor(random() * max);

/** Bytes a damaged file tends to hold: JSON's own characters, newlines, NULs, invalid UTF-8. */
function noise(random: Random, length: number): Buffer {
  const palette = [0x0a, 0x00, 0xff, 0xc3, 0x22, 0x7b, 0x7d, 0x3a, 0x2c, 0x31, 0x5c];
  return Buffer.from(
    Array.from({ length }, () =>
      random() < 0.5 ? (palette[int(random, palette.length)] as number) : int(random, 256),
    ),
  );
}

/** One random kind of damage to `original`, at a random place. */
export function damage(original: Buffer, random: Random): Damaged {
  const at = original.length === 0 ? 0 : int(random, original.length);
  const before = original.subarray(0, at);
  const after = original.subarray(at);
  const choice = int(random, 9);
  const bytes = (b: Buffer, what: string, first = at): Damaged => ({
    kind: 'bytes',
    bytes: b,
    firstDamaged: first,
    what,
  });
  switch (choice) {
    case 0:
      return bytes(before, `torn at byte ${at}`);
    case 1: {
      const flipped = Buffer.from(original);
      const count = 1 + int(random, 4);
      for (let i = 0; i < count; i += 1) {
        const where = Math.min(original.length - 1, at + int(random, 64));
        flipped[where] = (flipped[where] ?? 0) ^ (1 << int(random, 8));
      }
      return bytes(flipped, `${count} bits flipped from byte ${at}`);
    }
    case 2:
      return bytes(
        Buffer.concat([before, noise(random, 1 + int(random, 200)), after]),
        `noise inserted at byte ${at}`,
      );
    case 3: {
      const span = 1 + int(random, 300);
      return bytes(
        Buffer.concat([before, noise(random, span), original.subarray(at + span)]),
        `${span} bytes overwritten at ${at}`,
      );
    }
    case 4:
      return bytes(Buffer.alloc(0), 'emptied', 0);
    case 5:
      // A run far longer than any line, with no newline in it.
      return bytes(
        Buffer.concat([before, Buffer.alloc(1024 * 1024 + int(random, 1024), 0x41), after]),
        `1 MiB line at byte ${at}`,
      );
    case 6:
      return bytes(
        Buffer.concat([before, original.subarray(int(random, original.length + 1)), after]),
        `a copy of part of the file inserted at ${at}`,
      );
    case 7:
      return { kind: 'folder', firstDamaged: 0, what: 'a folder in its place' };
    default:
      return bytes(noise(random, 1 + int(random, 4096)), 'replaced by garbage', 0);
  }
}
