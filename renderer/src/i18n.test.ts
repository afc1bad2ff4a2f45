import { afterEach, describe, expect, it } from 'vitest';
import { pickLanguage, setLanguage, t, TABLES } from './i18n';

afterEach(() => setLanguage('en'));

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('i18n', () => {
  it('has every key in both languages, non-empty, with the same placeholders', () => {
    const keys = Object.keys(TABLES.en);
    expect(Object.keys(TABLES.ko).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const en = TABLES.en[key as keyof typeof TABLES.en];
      const ko = TABLES.ko[key as keyof typeof TABLES.ko];
      expect(ko.trim(), key).not.toBe('');
      expect(placeholders(ko), key).toEqual(placeholders(en));
    }
  });

  it('follows the first OS language: Korean for ko*, English otherwise', () => {
    expect(pickLanguage(['ko-KR', 'en-US'])).toBe('ko');
    expect(pickLanguage(['ko'])).toBe('ko');
    expect(pickLanguage(['en-GB', 'ko-KR'])).toBe('en');
    expect(pickLanguage(['kok'])).toBe('en'); // Konkani, not Korean
    expect(pickLanguage([])).toBe('en');
  });

  it('fills placeholders and switches language', () => {
    expect(t('typing.one', { name: 'Ada' })).toBe('Ada is typing…');
    setLanguage('ko');
    expect(t('typing.one', { name: '다은' })).toBe('다은 님이 입력 중…');
    expect(t('composer.send')).toBe('보내기');
    // A missing parameter stays visible rather than silently vanishing.
    expect(t('typing.one')).toBe('{name} 님이 입력 중…');
  });
});
