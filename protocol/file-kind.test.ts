import { describe, expect, it } from 'vitest';
import { detectKind, isImageKind, mimeTypeOf, SNIFF_BYTES } from './file-kind';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
  );

describe('detectKind: the type comes from the bytes, never the name', () => {
  it.each<[string, Uint8Array, string]>([
    ['a PNG signature', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'png'],
    ['a JPEG start-of-image', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'jpeg'],
    ['GIF87a', bytes('GIF87a', [1, 0]), 'gif'],
    ['GIF89a', bytes('GIF89a', [1, 0]), 'gif'],
    ['a RIFF WEBP header', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'webp'],
  ])('knows %s', (_what, data, kind) => {
    expect(detectKind(data)).toBe(kind);
  });

  it.each<[string, Uint8Array]>([
    ['SVG (it can carry script)', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['HTML', bytes('<!doctype html><script>')],
    ['a RIFF that is not WebP (a WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['a PNG signature cut short', bytes([0x89], 'PNG', [0x0d, 0x0a])],
    ['GIF88a', bytes('GIF88a')],
    ['two bytes of JPEG', bytes([0xff, 0xd8])],
    ['a PNG signature not at the start', bytes([0], [0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a])],
    ['nothing at all', new Uint8Array(0)],
    ['RIFF with WEBP one byte too short', bytes('RIFF', [0, 0, 0, 0], 'WEB')],
  ])('calls %s a plain file, never an image', (_what, data) => {
    expect(detectKind(data)).toBe('file');
    expect(isImageKind(detectKind(data))).toBe(false);
    expect(mimeTypeOf(detectKind(data))).toBe('application/octet-stream');
  });

  it('needs no more than SNIFF_BYTES to tell a WebP', () => {
    const webp = bytes('RIFF', [0, 0, 0, 0], 'WEBP');
    expect(webp.length).toBe(SNIFF_BYTES);
    expect(detectKind(webp)).toBe('webp');
    expect(mimeTypeOf('webp')).toBe('image/webp');
  });
});
