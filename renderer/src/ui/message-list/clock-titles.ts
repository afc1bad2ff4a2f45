// The full date and time on a row's clock (its tooltip, e.g. "12/2/2026, 5:06:27 PM").
//
// The first Intl.DateTimeFormat a new window makes costs it 15-60 ms (the browser loads its
// locale data), which sat on the start's critical path: the replayed history's rows could not
// be shown before it. So the formatter is made once the window is idle after its start, and
// the clocks rendered before then get their titles at that moment.

import { currentLanguage } from '../../i18n';

/** How long after the first clock the formatter may wait for the window to be idle (ms). */
const IDLE_TIMEOUT_MS = 1_000;

let made: { language: string; format: Intl.DateTimeFormat } | null = null;
let waiting: [HTMLTimeElement, number][] = [];
let scheduled = false;

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

function titleWaiting(): void {
  scheduled = false;
  const format = formatter();
  for (const [time, ms] of waiting) time.title = format.format(ms);
  waiting = [];
}

function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
  } else {
    setTimeout(run, 0);
  }
}

/** Gives `time` the full date and time of `ms` as its title: now, or once the window is idle. */
export function titleClock(time: HTMLTimeElement, ms: number): void {
  if (made) {
    time.title = formatter().format(ms);
    return;
  }
  waiting.push([time, ms]);
  if (scheduled) return;
  scheduled = true;
  whenIdle(titleWaiting);
}
