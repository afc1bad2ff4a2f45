// A list of listeners for one kind of event: the link, the session and the client each emit
// their own events through one, so every flow points one way (the emitter never asks back).

export class Emitter<Event> {
  private readonly listeners = new Set<(event: Event) => void>();

  /** Returns a function that removes the listener. */
  subscribe(listener: (event: Event) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: Event): void {
    for (const listener of this.listeners) listener(event);
  }
}
