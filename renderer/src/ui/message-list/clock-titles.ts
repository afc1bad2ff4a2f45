// The full date and time on a row's clock (its tooltip, e.g. "12/2/2026, 5:06:27 PM"), written
// when a pointer or the focus first reaches that clock. The first Intl.DateTimeFormat a window
// makes costs it 15-60 ms (the browser loads its locale data): made at the start, even when
// idle, it delayed the replayed history's rows. Most clocks are never pointed at.

import { currentLanguage } from '../../i18n';

let made: { language: string; format: Intl.DateTimeFormat } | null = null;

function formatter(): Intl.DateTimeFormat {
  const language = currentLanguage();
  if (made?.language !== language) {
    // Same fields as toLocaleString's defaults, so the same text. toLocaleString itself would
    // build a new formatter on every call.
    const format = new Intl.DateTimeFormat(language, {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    made = { language, format };
  }
  return made.format;
}

function titleOf(event: Event): void {
  const time = event.target instanceof Element ? event.target.closest('time') : null;
  if (!time || time.title || !time.dateTime) return;
  const ms = Date.parse(time.dateTime);
  if (Number.isFinite(ms)) time.title = formatter().format(ms);
}

/** Clocks under `root` get their full date as a title when pointed at or focused. */
export function titleClocksOnDemand(root: HTMLElement): void {
  root.addEventListener('pointerover', titleOf);
  root.addEventListener('focusin', titleOf);
}
