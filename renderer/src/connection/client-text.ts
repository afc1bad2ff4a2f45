// The window's words for what the chat client reports as codes and data: timeline notes,
// inspector notices, why reconnecting paused, a close with no close frame, and what a
// readyState means. In the page's language (i18n.ts); the terminal has its own words.

import type {
  ClientNote,
  ClientNotice,
  CloseRecord,
  PauseCause,
} from '../../../client/client-types';
import type { ReadyState } from '../../../client/ready-state';
import { CLOSE_CODES } from '../../../protocol/close-codes';
import { t } from '../i18n';

export function noteText(note: ClientNote): string {
  switch (note.code) {
    case 'joined':
      return t('note.joined', { name: note.name });
    case 'left':
      return t('note.left', { name: note.name });
    case 'renamed':
      return t('note.renamed', { previous: note.previous, name: note.name });
    case 'renamed-self':
      return t('note.renamedSelf', { name: note.name });
    case 'reconnected':
      return t('note.reconnected');
    case 'replaced':
      return t('note.replaced');
    case 'removed':
      return t('note.removed');
    case 'history-reset':
      return t('note.historyReset');
    case 'disconnected':
      return t('note.disconnected', { code: note.closeCode, meaning: note.meaning });
    case 'skipped':
      return note.count === 1 ? t('note.skippedOne') : t('note.skipped', { count: note.count });
    case 'not-saved':
      return t('note.notSaved', { seconds: Math.ceil(note.retryInMs / 1000) });
    case 'refused':
      return t('note.refused', { code: note.error, message: note.message });
    case 'unreadable':
      return t('note.unreadable', { error: note.error });
    case 'could-not-open':
      return t('note.couldNotOpen', { error: note.error });
    case 'announcement':
      return t('note.announcement', { text: note.text });
  }
}

export function noticeText(notice: ClientNotice): string {
  switch (notice.code) {
    case 'silent':
      return t('notice.silent', { ms: notice.ms });
    case 'duplicate':
      return t('notice.duplicate', { seq: notice.seq });
  }
}

/** Why the window stopped reconnecting: the hub's close reason when it gave one. */
export function pauseText(paused: PauseCause): string {
  if (paused.code === 'stale-link') return t('conn.staleLink');
  if (paused.reason) return paused.reason;
  return paused.closeCode === CLOSE_CODES.removed.code ? t('conn.removed') : paused.meaning;
}

/** A close's reason as shown: what the hub said, or that no close frame ever came. */
export function closeReasonText(close: Pick<CloseRecord, 'reason' | 'abandoned'>): string {
  return close.abandoned ? t('conn.abandoned') : close.reason;
}

/** A short explanation of a readyState in the page's language (RFC 6455 §4 and §7, the API). */
export function describeReadyState(state: ReadyState): string {
  return t(`readyState.meaning.${state}` as const);
}
