// Puts a page's static strings (index.html, console.html) into the OS language. The markup
// keeps English text as a fallback and names its key: data-i18n (text), data-i18n-label
// (aria-label), data-i18n-placeholder (placeholder).

import { currentLanguage, isMessageKey, t } from '../i18n';

const ATTRIBUTES = [
  ['data-i18n-label', 'aria-label'],
  ['data-i18n-placeholder', 'placeholder'],
] as const;

export function localizeDocument(root: Document = document): void {
  root.documentElement.lang = currentLanguage();
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = node.dataset.i18n ?? '';
    if (isMessageKey(key)) node.textContent = t(key);
  }
  for (const [source, target] of ATTRIBUTES) {
    for (const node of root.querySelectorAll<HTMLElement>(`[${source}]`)) {
      const key = node.getAttribute(source) ?? '';
      if (isMessageKey(key)) node.setAttribute(target, t(key));
    }
  }
}
