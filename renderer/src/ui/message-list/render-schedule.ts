// When the message list touches the DOM, in two steps:
// - `write`, right after a change (a microtask; at most one per WRITE_GAP_MS, so a burst of
//   thousands shares a write every few ms): arriving rows go into the DOM from the sizes
//   already known, reading no layout, so a message's text is in the DOM as soon as it arrived;
// - `frame`, in the next animation frame (before it is painted): layout is read, new rows are
//   measured and the list scrolled. A covered or background window may get no animation frames
//   at all, so a timer stands in when none came within FRAME_FALLBACK_MS.

const WRITE_GAP_MS = 4;
const FRAME_FALLBACK_MS = 100;

export class RenderSchedule {
  private writeScheduled = false;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private frameRequested = false;
  private frameHandle = 0;
  private fallback: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly write: () => void,
    private readonly frame: () => void,
  ) {}

  request(): void {
    this.requestFrame();
    if (this.writeScheduled) return;
    this.writeScheduled = true;
    const wait = this.lastWriteAt + WRITE_GAP_MS - performance.now();
    if (wait <= 0) queueMicrotask(() => this.runWrite());
    else setTimeout(() => this.runWrite(), wait);
  }

  private requestFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.frameHandle = requestAnimationFrame(() => this.runFrame());
    this.fallback = setTimeout(() => this.runFrame(), FRAME_FALLBACK_MS);
  }

  private runWrite(): void {
    this.writeScheduled = false;
    this.lastWriteAt = performance.now();
    this.write();
  }

  private runFrame(): void {
    cancelAnimationFrame(this.frameHandle);
    clearTimeout(this.fallback);
    this.frameRequested = false;
    this.frame();
  }
}
