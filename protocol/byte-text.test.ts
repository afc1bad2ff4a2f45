import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesFromBase64,
  bytesFromHex,
  bytesFromText,
  bytesToBase64,
  bytesToHex,
} from './byte-text';

const list = (result: ReturnType<typeof bytesFromHex>) => (result.ok ? [...result.bytes] : result);

describe('hex', () => {
  it('reads pairs, ignoring spaces, newlines and 0x', () => {
    expect(list(bytesFromHex('c3 28\n0xFF fe'))).toEqual([0xc3, 0x28, 0xff, 0xfe]);
    expect(list(bytesFromHex(''))).toEqual([]);
  });
  it('says what is wrong with text that is not hex', () => {
    expect(bytesFromHex('c3 2g')).toEqual({ ok: false, error: '"g" is not a hex digit' });
    expect(bytesFromHex('abc')).toEqual({ ok: false, error: 'hex needs two digits per byte' });
  });
  it('writes lower-case pairs', () => {
    expect(bytesToHex(new Uint8Array([0, 15, 255]))).toBe('00 0f ff');
  });
});

describe('base64', () => {
  it("writes RFC 4648's test vectors", () => {
    const vectors = ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy'];
    const foobar = [...'foobar'].map((c) => c.charCodeAt(0));
    vectors.forEach((expected, length) =>
      expect(bytesToBase64(new Uint8Array(foobar.slice(0, length)))).toBe(expected),
    );
    expect(bytesToBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
  });
  it('reads back what it wrote, with or without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(list(bytesFromBase64(text))).toEqual([...bytes]);
        expect(list(bytesFromBase64(text.replace(/=+$/, '')))).toEqual([...bytes]);
      }),
    );
  });
  it('says what is wrong with text that is not base64', () => {
    expect(bytesFromBase64('aGk-')).toEqual({ ok: false, error: '"-" is not a base64 character' });
    expect(bytesFromBase64('aGkhY')).toEqual({ ok: false, error: 'base64 is cut short' });
  });
  it('is picked by name', () => {
    expect(list(bytesFromText('aGk=', 'base64'))).toEqual([0x68, 0x69]);
    expect(list(bytesFromText('6869', 'hex'))).toEqual([0x68, 0x69]);
  });
});
