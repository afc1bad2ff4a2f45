// Whether the list follows the newest message, decided by the reader's scrolling: any step up
// leaves the bottom, coming back down near it follows again; Home leaves, End follows. The
// view's own scrollTop writes are told apart from the reader's by the offset they left. Where
// the bottom is, is judged by the content the view last scrolled to: rows it has written since
// (a microtask after they arrived, before the frame that scrolls to them) are not the reader
// leaving the bottom, even when the browser nudges scrollTop by a pixel in between (the list's
// height rounding to another whole pixel does).

/** Within this many px of the bottom counts as "at the bottom" when scrolling down. */
const FOLLOW_SLACK_PX = 24;

export class ScrollFollow {
  /** Whether the list keeps the newest row in view. */
  following = true;
  /** The scrollTop this view last set: a scroll event at another offset was the reader. */
  private ownScrollTop = -1;
  private lastScrollTop = 0;
  /** The content height the view last scrolled to while following; otherwise the live one. */
  private settledHeight = Number.POSITIVE_INFINITY;

  /**
   * `changed` runs whenever the reader moved (a frame should follow); `bottomIsNewest` says
   * whether scrolling to the bottom reaches the newest message (not in a window of older
   * history: there only End, or the list's own follow(), goes back to the newest).
   */
  constructor(
    private readonly list: HTMLOListElement,
    private readonly changed: () => void,
    private readonly bottomIsNewest: () => boolean = () => true,
  ) {
    list.addEventListener('scroll', () => this.scrolled(), { passive: true });
    list.addEventListener('keydown', (event) => this.keyDown(event));
  }

  /** Back to the newest message, following new ones again. */
  follow(): void {
    this.following = true;
    this.changed();
  }

  /**
   * The view has just scrolled the list itself (this is not the reader). `shownHeight`: the
   * scrollHeight it scrolled to the bottom of, when following (it has just read it).
   */
  settled(shownHeight = Number.POSITIVE_INFINITY): void {
    this.ownScrollTop = this.list.scrollTop;
    this.lastScrollTop = this.ownScrollTop;
    this.settledHeight = shownHeight;
  }

  private scrolled(): void {
    const list = this.list;
    const now = list.scrollTop;
    if (Math.abs(now - this.ownScrollTop) < 1) return; // our own adjustment
    const contentHeight = Math.min(list.scrollHeight, this.settledHeight);
    const fromBottom = contentHeight - now - list.clientHeight;
    // Any step up leaves the bottom; coming down near it follows again.
    this.following =
      this.bottomIsNewest() &&
      (now < this.lastScrollTop ? fromBottom < 1 : fromBottom < FOLLOW_SLACK_PX);
    this.lastScrollTop = now;
    this.ownScrollTop = -1;
    this.changed();
  }

  private keyDown(event: KeyboardEvent): void {
    if (event.target !== this.list || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Home') {
      event.preventDefault();
      this.following = false;
      this.list.scrollTop = 0;
      this.changed();
    } else if (event.key === 'End') {
      event.preventDefault();
      this.follow();
    }
  }
}
