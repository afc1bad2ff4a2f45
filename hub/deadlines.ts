// Connections that must do something (say hello) within a fixed time of connecting. Every
// deadline is the same span from "now", so they come due in the order they were added and one
// timer, set for the earliest, serves them all: no timer object per connection.

const monotonicNow = (): number => performance.now();

export class Deadlines<T> {
  /** Spent slots are cleared, so an expired item is not kept alive until the next trim. */
  private items: (T | undefined)[] = [];
  private dueAt: number[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    /** Called once per item when its time is up; the caller decides whether it still matters. */
    private readonly expire: (item: T) => void,
    /** Monotonic, so a change of the wall clock moves no deadline. */
    private readonly now: () => number = monotonicNow,
  ) {}

  get pending(): number {
    return this.items.length - this.head;
  }

  add(item: T): void {
    this.items.push(item);
    this.dueAt.push(this.now() + this.ms);
    if (this.timer === undefined) this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
    this.dueAt = [];
    this.head = 0;
  }

  private arm(): void {
    clearTimeout(this.timer);
    const due = this.dueAt[this.head];
    if (due === undefined) return;
    this.timer = setTimeout(this.fire, Math.max(0, due - this.now()));
    this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = this.now();
    while (this.head < this.items.length && (this.dueAt[this.head] ?? Infinity) <= now) {
      const item = this.items[this.head];
      this.items[this.head] = undefined;
      this.head += 1;
      if (item !== undefined) this.expire(item);
    }
    // Drop the spent front of the arrays once it outweighs what is still waiting.
    if (
      this.head === this.items.length ||
      (this.head > 1024 && this.head * 2 > this.items.length)
    ) {
      this.items = this.items.slice(this.head);
      this.dueAt = this.dueAt.slice(this.head);
      this.head = 0;
    }
    this.arm();
  };
}
