// What a frame holds, however the socket delivered it: a binary frame's bytes, and a text
// frame's message type for the inspector.

/** A binary frame's bytes, however the socket delivered them (ArrayBuffer, Buffer, view). */
export function frameBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data) && data.every((part) => part instanceof Uint8Array)) {
    const parts = data as Uint8Array[];
    const joined = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    return joined;
  }
  return null;
}

/** A text frame's `type` when it is a JSON object with a short string one, else 'raw'. */
export function frameType(frame: string): string {
  const type = typeField(frame);
  return typeof type === 'string' && type.length <= 32 ? type : 'raw';
}

/** The `type` field of the JSON object a text holds (undefined when it holds none). */
function typeField(frame: string): unknown {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(frame);
  } catch {
    // not JSON: shown as raw
  }
  return typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'type') : undefined;
}
