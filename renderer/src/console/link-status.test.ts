import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import { linkMeaning } from './link-status';

afterEach(() => setLanguage('en'));

const closed = {
  readyState: 3 as const,
  lastClose: { code: 1001, reason: 'Hub stopping', wasClean: true },
  retryAt: null,
};

describe('linkMeaning', () => {
  it('says what the state means, and after a close, why while it reconnects', () => {
    expect(linkMeaning({ readyState: 1, lastClose: null, retryAt: null })).toBe(
      'The connection is established; messages can flow both ways.',
    );
    expect(linkMeaning(closed)).toBe(
      'The connection is closed, or could not be opened. ' +
        'Last close 1001 Going Away ("Hub stopping"); reconnecting…',
    );
    expect(linkMeaning({ ...closed, lastClose: { ...closed.lastClose, reason: '' } })).toContain(
      'Last close 1001 Going Away; reconnecting…',
    );
  });

  it('speaks Korean in a Korean console', () => {
    setLanguage('ko');
    expect(linkMeaning(closed)).toBe(
      '연결이 닫혔거나 열 수 없었습니다. 마지막 종료 1001 Going Away ("Hub stopping"); 다시 연결하는 중…',
    );
  });
});
