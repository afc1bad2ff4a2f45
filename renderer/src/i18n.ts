// Every UI string, in English and Korean, behind one `t(key, params)` call. The language
// follows the OS (navigator.languages): ko* → Korean, anything else → English.
//
// To add a string: add the key to its area in `en` (i18n/en/*.ts, the source of truth for keys), then to
// the same area of `ko` (i18n/ko/*.ts) — the type checker refuses a `ko` table with a missing key. Placeholders are `{name}`; a `t()`
// call fills them from `params`, and leaves unknown ones visible so a typo shows on screen.
// DOM-free: main.ts and console/main.ts call `setLanguage(pickLanguage(navigator.languages))` once at start.

import { en, type MessageKey } from './i18n/en';
import { ko } from './i18n/ko';

export type { MessageKey };
export type Language = 'en' | 'ko';

export const TABLES: Record<Language, Record<MessageKey, string>> = { en, ko };

let current: Language = 'en';

/** The first OS language decides: Korean for any ko / ko-KR, English otherwise. */
export function pickLanguage(languages: readonly string[]): Language {
  const first = languages[0]?.toLowerCase() ?? '';
  return first === 'ko' || first.startsWith('ko-') ? 'ko' : 'en';
}

export function setLanguage(language: Language): void {
  current = language;
}

export function currentLanguage(): Language {
  return current;
}

/** For keys that come from markup (data-i18n attributes), checked at run time. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(TABLES.en, key);
}

export type Params = Record<string, string | number>;

export function t(key: MessageKey, params?: Params): string {
  const template = TABLES[current][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
