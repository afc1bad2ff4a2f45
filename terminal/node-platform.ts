// What the connection client needs from its surroundings, in Node: real timers, crypto
// randomness and in-memory storage (a terminal session has no page to reload).

import { randomBytes, randomUUID } from 'node:crypto';
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
    session: new MemoryStore(),
    local: new MemoryStore(),
  };
}
