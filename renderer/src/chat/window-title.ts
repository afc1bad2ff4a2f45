// The window title carries the unread count, so a window in the background (or one whose
// reader scrolled up) shows that something arrived: "(3) Loopchat — Ada".

import { t } from '../i18n';

export function windowTitle(name: string, unread: number): string {
  if (name === '') return t('app.title');
  return unread > 0
    ? t('app.titleUnread', { count: unread, name })
    : t('app.titleWithName', { name });
}
