import { describe, expect, it } from 'vitest';
import type { NotificationRequest } from '../../../protocol/bridge';
import type { ChatMessage } from '../../../protocol/messages';
import type { TimelineEntry } from '../../../client/client-types';
import { ChatAttention, notificationFor, type Notifier } from './attention';

const message: ChatMessage = {
  type: 'chat',
  seq: 4,
  id: 'm4',
  from: { id: 'p2', name: 'Grace' },
  text: 'the build is green',
  at: 1,
};
const theirs: TimelineEntry = { kind: 'chat', message, own: false };

function setUp(page: { focus: boolean; visibility: DocumentVisibilityState }, muted = false) {
  const shown: NotificationRequest[] = [];
  const unread: number[] = [];
  const notifier: Notifier = {
    permission: () => 'granted',
    requestPermission: () => Promise.resolve('granted'),
    notify: (request) => shown.push(request),
    setUnread: (count) => unread.push(count),
    onShowMessage: () => undefined,
  };
  const attention = new ChatAttention(
    { hasFocus: () => page.focus, visibilityState: () => page.visibility },
    notifier,
    () => muted,
  );
  return { attention, shown, unread };
}

describe('when a window asks for a notification', () => {
  it("asks for someone else's message while the user is in another window", () => {
    const { attention, shown } = setUp({ focus: false, visibility: 'visible' });
    attention.arrived(theirs);
    expect(shown).toEqual([{ messageId: 'm4', title: 'Grace', body: 'the build is green' }]);
  });

  it('asks while the window is hidden, even if it had focus', () => {
    const { attention, shown } = setUp({ focus: true, visibility: 'hidden' });
    attention.arrived(theirs);
    expect(shown).toHaveLength(1);
  });

  it('never for the window the user is looking at, their own messages, or a muted window', () => {
    const looking = setUp({ focus: true, visibility: 'visible' });
    looking.attention.arrived(theirs);
    const elsewhere = setUp({ focus: false, visibility: 'hidden' });
    elsewhere.attention.arrived({ ...theirs, own: true });
    elsewhere.attention.arrived({
      kind: 'system',
      note: { code: 'joined', name: 'Ada' },
      at: 1,
      tone: 'info',
    });
    const muted = setUp({ focus: false, visibility: 'hidden' }, true);
    muted.attention.arrived(theirs);
    expect([looking.shown, elsewhere.shown, muted.shown]).toEqual([[], [], []]);
  });

  it('passes the unread count on for the badge', () => {
    const { attention, unread } = setUp({ focus: false, visibility: 'hidden' });
    attention.unread(3);
    attention.unread(0);
    expect(unread).toEqual([3, 0]);
  });

  it('cuts a long message to what a notification may carry', () => {
    const long = { ...theirs, message: { ...message, text: 'x'.repeat(5000) } };
    expect(notificationFor(long)?.body).toHaveLength(300);
  });

  it('knows which message a clicked notification was about, only for those it asked', () => {
    const { attention } = setUp({ focus: false, visibility: 'hidden' });
    attention.arrived(theirs);
    attention.arrived({ ...theirs, message: { ...message, seq: 9, id: 'm9' } });
    expect([attention.seqOf('m4'), attention.seqOf('m9')]).toEqual([4, 9]);
    const looking = setUp({ focus: true, visibility: 'visible' });
    looking.attention.arrived(theirs);
    expect(looking.attention.seqOf('m4')).toBeUndefined();
  });

  it('forgets the oldest once it has a hundred, keeping the newest', () => {
    const { attention } = setUp({ focus: false, visibility: 'hidden' });
    for (let seq = 1; seq <= 101; seq += 1) {
      attention.arrived({ ...theirs, message: { ...message, seq, id: `m${seq}` } });
    }
    expect([attention.seqOf('m1'), attention.seqOf('m2'), attention.seqOf('m101')]).toEqual([
      undefined,
      2,
      101,
    ]);
  });
});
