import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../client/storage';
import { BUILT_IN_TEMPLATE_IDS, builtInTemplate } from '../../../protocol/frame-templates';
import { LIMITS } from '../../../protocol/messages';
import { FrameTemplateStore, TEMPLATES_KEY } from './frame-template-store';
import { closeRisk, jsonHint, prettyPrinted, readFrame } from './raw-frame';

describe('the raw frame the composer sends', () => {
  it('is the text exactly as typed, sized in UTF-8 bytes', () => {
    expect(readFrame('text', ' {"a": 1}\n')).toEqual({ ok: true, frame: ' {"a": 1}\n', bytes: 10 });
    expect(readFrame('text', '한')).toMatchObject({ bytes: 3 });
  });
  it('is bytes when written as hex or base64, or says why not', () => {
    const hex = readFrame('hex', 'c3 28');
    expect(hex.ok && [...(hex.frame as Uint8Array)]).toEqual([0xc3, 0x28]);
    expect(readFrame('base64', 'aGk=')).toMatchObject({ ok: true, bytes: 2 });
    expect(readFrame('hex', 'zz')).toEqual({ ok: false, error: '"z" is not a hex digit' });
  });
  it('hints whether the text is JSON and pretty-prints only JSON', () => {
    expect(jsonHint('{"type":"chat"}')).toEqual({ valid: true });
    expect(jsonHint('{"type":')).toMatchObject({ valid: false });
    expect(prettyPrinted('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyPrinted('{"a":')).toBeNull();
  });
  it('warns of the 1009 close only past the hub frame limit', () => {
    expect(closeRisk(LIMITS.maxFrameBytes)).toBeNull();
    expect(closeRisk(LIMITS.maxFrameBytes + 1)).toEqual({
      code: 1009,
      limit: LIMITS.maxFrameBytes,
    });
    const big = builtInTemplate('frame-70k');
    const frame = readFrame(big.kind, big.body);
    expect(frame.ok && closeRisk(frame.bytes)).toMatchObject({ code: 1009 });
  });
  it('reads every built-in template as a frame', () => {
    for (const id of BUILT_IN_TEMPLATE_IDS) {
      const { kind, body } = builtInTemplate(id);
      expect(readFrame(kind, body).ok).toBe(true);
    }
  });
});

describe("the user's templates", () => {
  it('are kept, replaced by name and removed', () => {
    const store = new FrameTemplateStore(new MemoryStore());
    expect(store.save({ id: ' mine ', kind: 'text', body: '{}' })).toEqual({ ok: true });
    expect(store.save({ id: 'bytes', kind: 'hex', body: '00' })).toEqual({ ok: true });
    expect(store.save({ id: 'mine', kind: 'text', body: '[]' })).toEqual({ ok: true });
    expect(store.list()).toEqual([
      { id: 'bytes', kind: 'hex', body: '00' },
      { id: 'mine', kind: 'text', body: '[]' },
    ]);
    store.remove('bytes');
    expect(store.list().map((t) => t.id)).toEqual(['mine']);
  });
  it('refuses a nameless or over-long one and skips damaged entries', () => {
    const memory = new MemoryStore();
    const store = new FrameTemplateStore(memory);
    expect(store.save({ id: '  ', kind: 'text', body: '' })).toEqual({
      ok: false,
      reason: 'empty',
    });
    expect(store.save({ id: 'x'.repeat(41), kind: 'text', body: '' })).toMatchObject({ ok: false });
    memory.setItem(
      TEMPLATES_KEY,
      JSON.stringify([{ id: 'ok', kind: 'text', body: '' }, { id: 3 }]),
    );
    expect(store.list()).toEqual([{ id: 'ok', kind: 'text', body: '' }]);
    memory.setItem(TEMPLATES_KEY, 'not json');
    expect(store.list()).toEqual([]);
  });
});
