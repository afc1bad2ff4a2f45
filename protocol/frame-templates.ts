// The frame composer's built-in templates: one frame of each kind the hub answers differently.
// Shared so the hub's tests send exactly what the composer offers. Bodies are made on demand
// (the 70 KiB one is not kept in memory by every window).

import { LIMITS } from './messages';

export type FrameKind = 'text' | 'hex' | 'base64';

export interface FrameTemplate {
  /** Stable name; built-in names are words in the window's i18n tables. */
  id: string;
  kind: FrameKind;
  body: string;
}

export const BUILT_IN_TEMPLATE_IDS = [
  'valid-chat',
  'unknown-type',
  'malformed-json',
  'over-long-text',
  'invalid-utf8',
  'frame-70k',
] as const;

export type BuiltInTemplateId = (typeof BUILT_IN_TEMPLATE_IDS)[number];

const chat = (text: string): string => JSON.stringify({ type: 'chat', id: 'raw-frame-1', text });

const BODIES: Record<BuiltInTemplateId, () => Omit<FrameTemplate, 'id'>> = {
  'valid-chat': () => ({ kind: 'text', body: chat('Hello from the frame composer') }),
  'unknown-type': () => ({ kind: 'text', body: '{"type":"dance","steps":3}' }),
  'malformed-json': () => ({ kind: 'text', body: '{"type":"chat","id":"raw-frame-2",' }),
  'over-long-text': () => ({ kind: 'text', body: chat('x'.repeat(LIMITS.maxTextLength + 1)) }),
  // 0xC3 starts a two-byte sequence that 0x28 does not continue; 0xFF never occurs in UTF-8.
  'invalid-utf8': () => ({ kind: 'hex', body: 'c3 28 ff fe' }),
  'frame-70k': () => ({ kind: 'text', body: chat('x'.repeat(70 * 1024)) }),
};

export function builtInTemplate(id: BuiltInTemplateId): FrameTemplate {
  return { id, ...BODIES[id]() };
}
