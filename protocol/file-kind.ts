// What a file is, decided from its first bytes and never from its name or a declared MIME type.
// Only the four raster formats every browser decodes safely are shown inline; everything else,
// SVG and HTML included (they can carry script), is a plain file to save, never rendered.

export type AttachmentKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'file';

export const ATTACHMENT_KINDS: readonly AttachmentKind[] = ['png', 'jpeg', 'gif', 'webp', 'file'];

/** Bytes detectKind needs to see to tell every image kind apart (WebP's RIFF header). */
export const SNIFF_BYTES = 12;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]; // "GIF87a"
const GIF89 = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]; // "GIF89a"
const RIFF = [0x52, 0x49, 0x46, 0x46]; // "RIFF", then 4 bytes of length
const WEBP = [0x57, 0x45, 0x42, 0x50]; // "WEBP" at offset 8

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

/** The kind of a file from its first bytes (at least SNIFF_BYTES of them, if it has that many). */
export function detectKind(bytes: Uint8Array): AttachmentKind {
  if (startsWith(bytes, PNG)) return 'png';
  if (startsWith(bytes, JPEG)) return 'jpeg';
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return 'gif';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'webp';
  return 'file';
}

/** Whether a window shows this kind inline as an image. */
export const isImageKind = (kind: AttachmentKind): boolean => kind !== 'file';

/** The MIME type a window gives the bytes: images as themselves, anything else as opaque bytes. */
export function mimeTypeOf(kind: AttachmentKind): string {
  return kind === 'file' ? 'application/octet-stream' : `image/${kind}`;
}
