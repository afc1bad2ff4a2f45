// Key/value persistence for the window (sessionStorage / localStorage in the page, a Map in
// tests). Storage can be disabled, full or hold stale data: losing persistence must never
// stop anyone from chatting, so every access here is guarded.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where a window keeps each thing, by its window key (the same across a reload). */
export function storageKeys(windowKey: string) {
  return {
    outbox: `loopchat.${windowKey}.outbox`,
    chatLog: `loopchat.${windowKey}.chat`,
    name: `loopchat.${windowKey}.name`,
  };
}

export class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, string>();

  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }

  removeItem(key: string): void {
    this.map.delete(key);
  }
}

/** The stored value, or null when it is absent, unreadable or not the expected shape. */
export function readJson<T>(
  store: KeyValueStore,
  key: string,
  isValid: (value: unknown) => value is T,
): T | null {
  try {
    const text = store.getItem(key);
    if (text === null) return null;
    const value: unknown = JSON.parse(text);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

/** Returns false when the store refused the write (quota, disabled storage). */
export function writeJson(store: KeyValueStore, key: string, value: unknown): boolean {
  try {
    store.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function readText(store: KeyValueStore, key: string): string | null {
  try {
    return store.getItem(key);
  } catch {
    return null;
  }
}

export function writeText(store: KeyValueStore, key: string, value: string): void {
  try {
    store.setItem(key, value);
  } catch {
    // Not persisted; the value still lives in memory for this page.
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
