// Ids already seen, remembering only the newest `bound` of them: for what a hub sends again
// (its recent announcements after every welcome) and only a few of at a time.

export class SeenIds {
  private readonly ids = new Set<string>();

  constructor(private readonly bound: number) {}

  /** True the first time an id is seen (while it is among the newest `bound`). */
  first(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.bound) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }
}
