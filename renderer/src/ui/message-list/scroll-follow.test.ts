import { describe, expect, it } from 'vitest';
import { ScrollFollow } from './scroll-follow';

/** The few things ScrollFollow reads of the list, with scroll events sent by hand. */
class FakeList extends EventTarget {
  scrollTop = 0;
  scrollHeight = 0;
  clientHeight = 0;

  /** The browser (or the reader) moved the list to `top`. */
  scrollTo(top: number): void {
    this.scrollTop = top;
    this.dispatchEvent(new Event('scroll'));
  }
}

function setUp() {
  const list = new FakeList();
  let changes = 0;
  const follow = new ScrollFollow(list as unknown as HTMLOListElement, () => (changes += 1));
  // The view has scrolled to the newest row: 769 px of content, 241 px in view.
  Object.assign(list, { scrollHeight: 769, clientHeight: 241, scrollTop: 528 });
  follow.settled(769);
  return { list, follow, changes: () => changes };
}

describe('ScrollFollow: who moved the list', () => {
  it('keeps following when the list height rounds by a pixel after new rows were written', () => {
    const { list, follow } = setUp();
    list.scrollHeight = 986; // a new row, written before the frame that scrolls to it
    list.clientHeight = 240;
    list.scrollTo(529); // the browser keeps the bottom edge where it was
    expect(follow.following).toBe(true);
    list.clientHeight = 241;
    list.scrollTo(528);
    expect(follow.following).toBe(true);
  });

  it('stops following when the reader scrolls up, even by one pixel', () => {
    const { list, follow, changes } = setUp();
    list.scrollHeight = 986;
    list.scrollTo(527);
    expect(follow.following).toBe(false);
    expect(changes()).toBe(1);
  });

  it('ignores the scroll event of its own adjustment', () => {
    const { list, follow, changes } = setUp();
    list.scrollTo(528);
    expect(follow.following).toBe(true);
    expect(changes()).toBe(0);
  });

  it('follows again once the reader comes back down near the bottom of what was shown', () => {
    const { list, follow } = setUp();
    list.scrollTo(300);
    expect(follow.following).toBe(false);
    list.scrollTo(510); // 18 px from the bottom
    expect(follow.following).toBe(true);
  });
});
