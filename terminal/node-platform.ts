// What the chat client needs from its surroundings, in Node: real timers, crypto
// randomness and in-memory storage (a terminal session has no page to reload).

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ClientPlatform, OpenSocket } from '../client/client-types';
import { MemoryStore } from '../client/storage';

export function nodePlatform(openSocket: OpenSocket): ClientPlatform {
  return {
    openSocket,
    schedule: (run, ms) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    },
    now: Date.now,
    random: Math.random,
    randomId: randomUUID,
    randomSecret: () => randomBytes(24).toString('base64url'),
    sha256: (bytes) => Promise.resolve(createHash('sha256').update(bytes).digest('hex')),
    session: new MemoryStore(),
    local: new MemoryStore(),
  };
}
