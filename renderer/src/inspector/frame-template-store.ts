// The user's own frame templates, kept per browser profile (localStorage), checked when read:
// a damaged entry is skipped, never trusted.

import { isRecord, readJson, writeJson, type KeyValueStore } from '../../../client/storage';
import type { FrameKind, FrameTemplate } from '../../../protocol/frame-templates';

export const TEMPLATES_KEY = 'loopchat.frameTemplates.v1';
const MAX_TEMPLATES = 50;
export const MAX_TEMPLATE_NAME = 40;
/** Large enough for the 70 KiB demo frame, small enough for localStorage's few MiB. */
const MAX_TEMPLATE_BODY = 256 * 1024;

const KINDS: readonly FrameKind[] = ['text', 'hex', 'base64'];

function isTemplate(value: unknown): value is FrameTemplate {
  if (!isRecord(value)) return false;
  const { id, kind, body } = value;
  return (
    typeof id === 'string' &&
    id.trim() !== '' &&
    id.length <= MAX_TEMPLATE_NAME &&
    KINDS.includes(kind as FrameKind) &&
    typeof body === 'string' &&
    body.length <= MAX_TEMPLATE_BODY
  );
}

const isList = (value: unknown): value is unknown[] => Array.isArray(value);

export type SaveResult =
  { ok: true } | { ok: false; reason: 'empty' | 'too-long' | 'full' | 'storage' };

export class FrameTemplateStore {
  constructor(private readonly store: KeyValueStore) {}

  list(): FrameTemplate[] {
    const stored = readJson(this.store, TEMPLATES_KEY, isList);
    return stored ? stored.filter(isTemplate) : [];
  }

  /** Adds a template, or replaces the one with that name. */
  save(template: FrameTemplate): SaveResult {
    const id = template.id.trim();
    if (id === '') return { ok: false, reason: 'empty' };
    if (id.length > MAX_TEMPLATE_NAME || template.body.length > MAX_TEMPLATE_BODY) {
      return { ok: false, reason: 'too-long' };
    }
    const others = this.list().filter((t) => t.id !== id);
    if (others.length >= MAX_TEMPLATES) return { ok: false, reason: 'full' };
    const written = writeJson(this.store, TEMPLATES_KEY, [...others, { ...template, id }]);
    return written ? { ok: true } : { ok: false, reason: 'storage' };
  }

  remove(id: string): void {
    writeJson(
      this.store,
      TEMPLATES_KEY,
      this.list().filter((t) => t.id !== id),
    );
  }
}
