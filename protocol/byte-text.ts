// Bytes written as text and back: hex and base64 (RFC 4648, standard alphabet). The frame
// composer reads binary frames typed as either, and inspector views show bytes with them.
// Platform-free (no Buffer, no atob), so the hub, the windows and the tests share one codec.

export type ByteText = 'hex' | 'base64';

export type ParsedBytes = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Map([...BASE64_ALPHABET].map((c, i) => [c, i]));

/** Hex digits in pairs; spaces, newlines and an optional `0x` before a pair are ignored. */
export function bytesFromHex(text: string): ParsedBytes {
  const digits = text.replace(/0x/gi, '').replace(/\s+/g, '');
  const bad = /[^0-9a-f]/i.exec(digits);
  if (bad) return { ok: false, error: `"${bad[0]}" is not a hex digit` };
  if (digits.length % 2 !== 0) return { ok: false, error: 'hex needs two digits per byte' };
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return { ok: true, bytes };
}

/** Standard base64 with its `=` padding optional; whitespace is ignored. */
export function bytesFromBase64(text: string): ParsedBytes {
  const chars = text.replace(/\s+/g, '').replace(/=+$/, '');
  for (const c of chars) {
    if (!BASE64_VALUES.has(c)) return { ok: false, error: `"${c}" is not a base64 character` };
  }
  if (chars.length % 4 === 1) return { ok: false, error: 'base64 is cut short' };
  const bytes = new Uint8Array(Math.floor((chars.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const c of chars) {
    value = (value << 6) | (BASE64_VALUES.get(c) ?? 0);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (value >> bits) & 0xff;
    }
  }
  return { ok: true, bytes };
}

export function bytesFromText(text: string, as: ByteText): ParsedBytes {
  return as === 'hex' ? bytesFromHex(text) : bytesFromBase64(text);
}

/** Lower-case hex, a space between bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const byte of bytes) parts.push(byte.toString(16).padStart(2, '0'));
  return parts.join(' ');
}

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += BASE64_ALPHABET.charAt((n >> 18) & 63) + BASE64_ALPHABET.charAt((n >> 12) & 63);
    out += i + 1 < bytes.length ? BASE64_ALPHABET.charAt((n >> 6) & 63) : '=';
    out += i + 2 < bytes.length ? BASE64_ALPHABET.charAt(n & 63) : '=';
  }
  return out;
}
