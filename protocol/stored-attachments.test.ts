import { describe, expect, it } from 'vitest';
import { parseAttachmentIndex } from './stored-attachments';

const entry = { sha256: 'b'.repeat(64), size: 10, kind: 'png', storedAt: 1000 };
const index = (attachments: unknown[]) => JSON.stringify({ loopchatAttachments: 1, attachments });

describe('parseAttachmentIndex: the attachment index at rest', () => {
  it('reads back what the store writes', () => {
    expect(parseAttachmentIndex(index([entry]))).toEqual({
      loopchatAttachments: 1,
      attachments: [entry],
    });
    expect(parseAttachmentIndex(index([]))?.attachments).toEqual([]);
  });

  it.each<[string, string]>([
    ['a torn file', index([entry]).slice(0, -3)],
    ['another version', JSON.stringify({ loopchatAttachments: 2, attachments: [] })],
    ['a history file instead', '{"loopchatHistory":1,"id":"x"}'],
    ['an uppercase hash', index([{ ...entry, sha256: 'B'.repeat(64) }])],
    ['a negative size', index([{ ...entry, size: -1 }])],
    ['an unknown kind', index([{ ...entry, kind: 'svg' }])],
    ['no storedAt', index([{ sha256: entry.sha256, size: 1, kind: 'file' }])],
    ['the same hash twice', index([entry, { ...entry, storedAt: 5 }])],
    ['an entry that is null', index([null])],
  ])('refuses %s', (_what, text) => {
    expect(parseAttachmentIndex(text)).toBeNull();
  });
});
