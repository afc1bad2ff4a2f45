import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from './attachment-store';
import { messageAttachments } from './message-attachments';
import { pngBytes, sha256, tempDirs, textBytes } from './test/store-fixtures';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

function storeWith(...files: Uint8Array[]): AttachmentStore {
  const store = AttachmentStore.open(dirs.make());
  for (const bytes of files) {
    const reserved = store.reserve(bytes.length);
    if (!reserved.ok) throw new Error(reserved.message);
    reserved.partial.append(bytes);
    store.commit(reserved.partial, sha256(bytes), bytes[0] === 0x89 ? 'png' : 'file');
  }
  return store;
}

describe("a chat message's attachments", () => {
  it('carry the sender’s names and the store’s size and kind', () => {
    const [image, text] = [pngBytes(30), textBytes(12)];
    const store = storeWith(image, text);
    expect(
      messageAttachments(store, [
        { sha256: sha256(image), name: 'cat.png' },
        { sha256: sha256(text), name: 'notes.txt' },
      ]),
    ).toEqual({
      ok: true,
      attachments: [
        { sha256: sha256(image), name: 'cat.png', size: 30, kind: 'png' },
        { sha256: sha256(text), name: 'notes.txt', size: 12, kind: 'file' },
      ],
    });
  });

  it('are refused together over the per-message limit, and one the hub never stored', () => {
    const [a, b] = [textBytes(30, 1), textBytes(30, 2)];
    const store = storeWith(a, b);
    const refs = [
      { sha256: sha256(a), name: 'a' },
      { sha256: sha256(b), name: 'b' },
    ];
    expect(messageAttachments(store, refs, 60).ok).toBe(true);
    expect(messageAttachments(store, refs, 59)).toEqual({
      ok: false,
      error: 'the files of one message may be at most 59 bytes together; these are 60',
    });
    expect(messageAttachments(store, [{ sha256: 'e'.repeat(64), name: 'x' }])).toEqual({
      ok: false,
      error: '"x" is no longer available; upload it again',
    });
  });
});
