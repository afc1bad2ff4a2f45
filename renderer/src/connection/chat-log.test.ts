import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../protocol/messages';
import { ChatLog } from './chat-log';
import { MemoryStore } from './storage';

const chat = (seq: number): ChatMessage => ({
  type: 'chat',
  seq,
  id: `m${seq}`,
  from: { id: 'p', name: 'Ada' },
  text: `message ${seq}`,
  at: seq,
});

describe('ChatLog', () => {
  it('keeps and persists only the newest messages, and the resume point', () => {
    const store = new MemoryStore();
    const log = new ChatLog(store, 'k', 10);
    log.reset('h1');
    for (let seq = 1; seq <= 35; seq++) expect(log.accept(chat(seq))).toBe(true);
    expect(log.accept(chat(35))).toBe(false);
    expect(log.messages().map((m) => m.seq)).toEqual([26, 27, 28, 29, 30, 31, 32, 33, 34, 35]);
    log.flush();
    const reloaded = new ChatLog(store, 'k', 10);
    expect(reloaded.resumePoint).toEqual({ historyId: 'h1', lastSeq: 35 });
    expect(reloaded.messages().map((m) => m.seq)).toEqual(log.messages().map((m) => m.seq));
    expect(reloaded.hasId('p', 'm35')).toBe(true);
    expect(reloaded.hasId('someone-else', 'm35')).toBe(false);
  });
});
