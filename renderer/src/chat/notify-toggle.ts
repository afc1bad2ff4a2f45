// The window's notification switch in the header. In Electron it mutes and unmutes this
// window (notifications are on until muted). In browser mode the first click is also the one
// user action the browser's permission prompt may follow; a refusal shows as "blocked".

import { readText, writeText, type KeyValueStore } from '../../../client/storage';
import { t } from '../i18n';
import type { Notifier } from './attention';

export function muteKey(windowKey: string): string {
  return `loopchat.${windowKey}.notifications`;
}

export interface NotifyToggle {
  isMuted(): boolean;
}

export function bindNotifyToggle(
  button: HTMLButtonElement,
  notifier: Notifier,
  store: KeyValueStore,
  windowKey: string,
): NotifyToggle {
  const key = muteKey(windowKey);
  // Electron: on unless muted. Browser: off until the user turns them on (and grants).
  const initiallyOn = notifier.permission() === 'granted' && readText(store, key) !== 'off';
  let on = initiallyOn;
  const render = () => {
    const permission = notifier.permission();
    const blocked = permission === 'denied';
    button.disabled = blocked;
    button.setAttribute('aria-pressed', String(on && !blocked));
    button.textContent = blocked ? t('notify.blocked') : on ? t('notify.on') : t('notify.off');
    button.title = blocked
      ? t('notify.blockedHint')
      : on
        ? t('notify.muteHint')
        : t('notify.unmuteHint');
  };
  button.addEventListener('click', () => {
    if (on) {
      on = false;
      writeText(store, key, 'off');
      return render();
    }
    void notifier.requestPermission().then((permission) => {
      on = permission === 'granted';
      writeText(store, key, on ? 'on' : 'off');
      render();
    });
  });
  render();
  return { isMuted: () => !on };
}
