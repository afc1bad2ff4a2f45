// Fan-out of client events to the UI, and the shorthand for what goes to the inspector.

import type {
  ClientEvent,
  ConnectionSnapshot,
  Listener,
  WireEventName,
  WireRecord,
} from './client-types';

export class ClientEvents {
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly state: ConnectionSnapshot,
    private readonly now: () => number,
  ) {}

  add(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ClientEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** A copy of the snapshot, so listeners can keep it. */
  emitState(): void {
    this.emit({ type: 'connection', state: this.snapshot() });
  }

  snapshot(): ConnectionSnapshot {
    return { ...this.state };
  }

  wire(record: WireRecord): void {
    this.emit({ type: 'wire', record });
  }

  wireEvent(name: WireEventName, detail = ''): void {
    this.wire({ kind: 'event', at: this.now(), name, detail });
  }

  wireFrame(direction: 'in' | 'out', data: string, messageType: string): void {
    this.wire({ kind: 'frame', at: this.now(), direction, data, messageType });
  }
}
