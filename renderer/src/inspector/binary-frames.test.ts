import { describe, expect, it } from 'vitest';
import { encodeChunk } from '../../../protocol/chunk-frame';
import { setLanguage } from '../i18n';
import { base64View, hexView, utf8View } from './binary-frames';
import { NO_FILTER, type FrameEntry } from './entries';
import { Timeline } from './timeline';

const chunk = (transfer: number, index: number, payload: string, final = true) =>
  encodeChunk({ transfer, index, final, payload: new TextEncoder().encode(payload) }, 16);

describe('the inspector and binary frames', () => {
  it('shows the first bytes as hex, base64 and UTF-8', () => {
    const bytes = Uint8Array.from([0x4c, 0x01, 0x68, 0x69]);
    expect(hexView(bytes)).toBe('00000000  4c 01 68 69');
    expect(base64View(bytes)).toBe('TAFoaQ==');
    expect(utf8View(Uint8Array.from([0x68, 0x69, 0xff]))).toBe('hi\uFFFD');
  });

  it('names the upload or download each chunk belongs to, from the frames that started it', () => {
    setLanguage('en');
    const timeline = new Timeline();
    timeline.record({
      kind: 'frame',
      at: 1,
      direction: 'in',
      data: JSON.stringify({
        type: 'upload-accept',
        id: 'cat',
        upload: 4,
        nextChunk: 0,
        chunkBytes: 16,
      }),
      messageType: 'upload-accept',
    });
    const frame = chunk(4, 0, 'meow');
    timeline.record({ kind: 'binary', at: 2, direction: 'out', size: frame.length, head: frame });
    const stray = Uint8Array.from([1, 2, 3]);
    timeline.record({ kind: 'binary', at: 3, direction: 'in', size: 3, head: stray });
    const entries = timeline.filter(NO_FILTER) as FrameEntry[];
    expect(entries.slice(1).map((e) => [e.type, e.bytes, e.summary])).toEqual([
      ['binary', 16, 'binary chunk 0 of upload cat, 16 bytes (final)'],
      ['binary', 3, 'binary frame, 3 bytes'],
    ]);
    expect(timeline.stats).toMatchObject({ binaryIn: 1, binaryOut: 1, messagesIn: 1 });
  });
});
