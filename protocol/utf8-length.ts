// How many bytes a string takes on the wire. One implementation for the hub (close reasons)
// and the inspector (frame sizes), so both count alike.

/**
 * UTF-8 length without allocating (TextEncoder would copy every frame). A lone surrogate counts
 * 3 bytes, as the U+FFFD an encoder puts in its place.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4; // a surrogate pair is one 4-byte code point
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
