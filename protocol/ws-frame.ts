// One WebSocket frame, byte by byte (RFC 6455 §5.2), for the client lab's frame anatomy: the
// lab writes its own frames on a raw TCP socket and reads the hub's. Platform-free.
//
//   byte 0: FIN, RSV1-3, opcode      byte 1: MASK, payload length (7 bits: 0-125,
//   126 = a 16-bit length follows, 127 = a 64-bit one)   then the masking key (4 bytes, client
//   frames only), then the payload, XORed with the key byte by byte when masked.

export const OPCODES = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

export type OpcodeName = keyof typeof OPCODES;

const NAMES = new Map<number, OpcodeName>(
  Object.entries(OPCODES).map(([name, code]) => [code, name as OpcodeName]),
);

export interface FrameParts {
  fin: boolean;
  /** RSV1 marks a compressed message (permessage-deflate, RFC 7692). */
  rsv1?: boolean;
  opcode: number;
  /** Clients mask every frame; servers never do (§5.1). */
  maskKey?: Uint8Array;
  payload: Uint8Array;
}

/** The frame's header fields as read from its bytes. */
export interface DecodedFrame {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  opcodeName: OpcodeName | 'reserved';
  masked: boolean;
  /** Which payload length form the frame used. */
  lengthForm: 7 | 16 | 64;
  length: number;
  maskKey: Uint8Array | null;
  /** The payload as it travelled (masked, if it was). */
  wirePayload: Uint8Array;
  /** The payload unmasked: wirePayload XOR maskKey[i % 4]. */
  payload: Uint8Array;
  /** How many bytes the whole frame took. */
  size: number;
}

export function xorMask(bytes: Uint8Array, key: Uint8Array): Uint8Array {
  return bytes.map((byte, i) => byte ^ (key[i % 4] ?? 0));
}

export function encodeFrame({
  fin,
  rsv1 = false,
  opcode,
  maskKey,
  payload,
}: FrameParts): Uint8Array {
  const length = payload.length;
  const form = length < 126 ? 7 : length < 0x10000 ? 16 : 64;
  const extra = form === 7 ? 0 : form === 16 ? 2 : 8;
  const out = new Uint8Array(2 + extra + (maskKey ? 4 : 0) + length);
  out[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (opcode & 0x0f);
  out[1] = (maskKey ? 0x80 : 0) | (form === 7 ? length : form === 16 ? 126 : 127);
  const view = new DataView(out.buffer);
  if (form === 16) view.setUint16(2, length);
  if (form === 64) view.setBigUint64(2, BigInt(length));
  let at = 2 + extra;
  if (maskKey) {
    out.set(maskKey.subarray(0, 4), at);
    at += 4;
  }
  out.set(maskKey ? xorMask(payload, maskKey) : payload, at);
  return out;
}

/** The first whole frame in `bytes`, or null when more bytes are needed. */
export function decodeFrame(bytes: Uint8Array): DecodedFrame | null {
  if (bytes.length < 2) return null;
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const short = b1 & 0x7f;
  const lengthForm = short < 126 ? 7 : short === 126 ? 16 : 64;
  let at = lengthForm === 7 ? 2 : lengthForm === 16 ? 4 : 10;
  if (bytes.length < at) return null;
  const length =
    lengthForm === 7 ? short : lengthForm === 16 ? view.getUint16(2) : Number(view.getBigUint64(2));
  const masked = (b1 & 0x80) !== 0;
  const maskKey = masked ? bytes.slice(at, at + 4) : null;
  if (masked) at += 4;
  if (bytes.length < at + length) return null;
  const wirePayload = bytes.slice(at, at + length);
  const opcode = b0 & 0x0f;
  return {
    fin: (b0 & 0x80) !== 0,
    rsv1: (b0 & 0x40) !== 0,
    rsv2: (b0 & 0x20) !== 0,
    rsv3: (b0 & 0x10) !== 0,
    opcode,
    opcodeName: NAMES.get(opcode) ?? 'reserved',
    masked,
    lengthForm,
    length,
    maskKey,
    wirePayload,
    payload: maskKey ? xorMask(wirePayload, maskKey) : wirePayload,
    size: at + length,
  };
}

/** A close frame's payload: the two-byte status code, then the UTF-8 reason. */
export function closePayload(code: number, reason: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + reason.length);
  out[0] = code >> 8;
  out[1] = code & 0xff;
  out.set(reason, 2);
  return out;
}

/** The status code of a close frame's payload, or null when it carries none. */
export function closeCodeOf(payload: Uint8Array): number | null {
  return payload.length >= 2 ? ((payload[0] ?? 0) << 8) | (payload[1] ?? 0) : null;
}
