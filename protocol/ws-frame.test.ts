import { describe, expect, it } from 'vitest';
import { bytesToHex } from './byte-text';
import { closeCodeOf, closePayload, decodeFrame, encodeFrame, OPCODES } from './ws-frame';

const ascii = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

describe('WebSocket frames, byte by byte', () => {
  it("writes RFC 6455's masked 'Hello' example exactly", () => {
    const frame = encodeFrame({
      fin: true,
      opcode: OPCODES.text,
      maskKey: new Uint8Array([0x37, 0xfa, 0x21, 0x3d]),
      payload: ascii('Hello'),
    });
    expect(bytesToHex(frame)).toBe('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    const decoded = decodeFrame(frame);
    expect(decoded).toMatchObject({ fin: true, opcodeName: 'text', masked: true, length: 5 });
    expect(decoded && String.fromCharCode(...decoded.payload)).toBe('Hello');
  });

  it('reads an unmasked server frame and each length form', () => {
    expect(bytesToHex(encodeFrame({ fin: true, opcode: 1, payload: ascii('Hello') }))).toBe(
      '81 05 48 65 6c 6c 6f',
    );
    for (const [length, form, header] of [
      [125, 7, 2],
      [126, 16, 4],
      [65535, 16, 4],
      [65536, 64, 10],
    ] as const) {
      const frame = encodeFrame({ fin: false, opcode: 0, payload: new Uint8Array(length) });
      expect(decodeFrame(frame)).toMatchObject({ lengthForm: form, length, size: header + length });
      expect(decodeFrame(frame.subarray(0, frame.length - 1))).toBeNull();
    }
  });

  it('carries a close status code and reason, and RSV1 for compressed frames', () => {
    const payload = closePayload(1009, ascii('Max payload size exceeded'));
    expect(closeCodeOf(payload)).toBe(1009);
    const frame = decodeFrame(encodeFrame({ fin: true, rsv1: true, opcode: 8, payload }));
    expect(frame).toMatchObject({ rsv1: true, rsv2: false, opcodeName: 'close' });
  });
});
