// The browser's side of ClientPlatform: real WebSocket, timers, randomness and storage.

import { openBrowserSocket } from './connection/browser-socket';
import type { ClientPlatform } from '../../client/client-types';
import { MemoryStore, type KeyValueStore } from '../../client/storage';

/** sessionStorage/localStorage, or memory if the browser refuses storage entirely. */
export function pageStorage(kind: 'sessionStorage' | 'localStorage'): KeyValueStore {
  try {
    const store = window[kind];
    store.getItem('loopchat.probe');
    return store;
  } catch {
    return new MemoryStore();
  }
}

export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; 127.0.0.1 is one, but do not depend on it.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** 192 random bits as hex: the window's hello.secret. */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function browserPlatform(): ClientPlatform {
  return {
    openSocket: openBrowserSocket,
    schedule: (run, ms) => {
      const id = window.setTimeout(run, ms);
      return () => window.clearTimeout(id);
    },
    now: () => Date.now(),
    random: () => Math.random(),
    randomId,
    randomSecret,
    sha256: async (bytes) => {
      const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
      return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    },
    session: pageStorage('sessionStorage'),
    local: pageStorage('localStorage'),
  };
}
