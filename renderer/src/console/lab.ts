// The console's "Client lab" panel: one button per scenario, the lab client's events as they
// arrive (name, data, a one-line meaning) and the run's verdict. The hub runs the client
// (hub/client-lab.ts); this page only asks for a run and shows what comes back.

import { describeCloseCode } from '../../../protocol/close-codes';
import type { ConsoleCommand, HeaderPair } from '../../../protocol/console';
import {
  type FrameAnatomy,
  LAB_REFUSALS,
  LAB_SCENARIOS,
  type LabEvent,
  type LabEventName,
  type LabResult,
  type LabScenario,
} from '../../../protocol/lab';
import { t, type MessageKey } from '../i18n';
import { byId, el } from '../ui/dom';

const SCENARIO_LABELS: Record<LabScenario, MessageKey> = {
  connect: 'lab.scenario.connect',
  'no-token': 'lab.scenario.no-token',
  'wrong-token': 'lab.scenario.wrong-token',
  'foreign-origin': 'lab.scenario.foreign-origin',
  'unknown-subprotocol': 'lab.scenario.unknown-subprotocol',
  'server-stopped': 'lab.scenario.server-stopped',
  redirect: 'lab.scenario.redirect',
  'server-header': 'lab.scenario.server-header',
  'malformed-handshake': 'lab.scenario.malformed-handshake',
  'no-pong': 'lab.scenario.no-pong',
  'frame-anatomy': 'lab.scenario.frame-anatomy',
  'permessage-deflate': 'lab.scenario.permessage-deflate',
};

const MEANINGS: Record<LabEventName, MessageKey> = {
  upgrade: 'lab.meaning.upgrade',
  open: 'lab.meaning.open',
  send: 'lab.meaning.send',
  message: 'lab.meaning.message',
  ping: 'lab.meaning.ping',
  'pong-sent': 'lab.meaning.pong-sent',
  redirect: 'lab.meaning.redirect',
  'unexpected-response': 'lab.meaning.unexpected-response',
  error: 'lab.meaning.error',
  close: 'lab.meaning.close',
  'raw-request': 'lab.meaning.raw-request',
  'raw-response': 'lab.meaning.raw-response',
  frame: 'lab.meaning.frame',
  'hub-extensions': 'lab.meaning.hub-extensions',
};

/** A close says what its own code means: "1006" explains itself only where it happened. */
function meaningOf(event: LabEvent): string {
  if (event.name !== 'close') return t(MEANINGS[event.name]);
  return t('lab.meaning.close', { code: event.code, meaning: describeCloseCode(event.code) });
}

function verdictKey(scenario: LabScenario): MessageKey {
  if (LAB_REFUSALS.has(scenario)) return 'lab.verdict.refusal';
  switch (scenario) {
    case 'redirect':
      return 'lab.verdict.redirect';
    case 'server-header':
      return 'lab.verdict.server-header';
    case 'malformed-handshake':
      return 'lab.verdict.malformed-handshake';
    case 'no-pong':
      return 'lab.verdict.no-pong';
    case 'frame-anatomy':
      return 'lab.verdict.frame-anatomy';
    case 'permessage-deflate':
      return 'lab.verdict.permessage-deflate';
    default:
      return 'lab.verdict.connect';
  }
}

const headerLines = (headers: readonly HeaderPair[]) =>
  headers.map(([name, value]) => `${name}: ${value}`);

/** The event's arguments as text: a summary line, and longer text (headers, bodies) below. */
function describe(event: LabEvent): { summary: string; more: string[] } {
  switch (event.name) {
    case 'upgrade':
      return { summary: event.statusLine, more: headerLines(event.headers) };
    case 'open':
      return { summary: `protocol ${event.protocol}`, more: [] };
    case 'send':
    case 'message':
      return { summary: event.data, more: [] };
    case 'ping':
    case 'pong-sent':
      return { summary: `payload ${event.data || '(empty)'}`, more: [] };
    case 'redirect':
      return { summary: event.url, more: [] };
    case 'unexpected-response':
      return {
        summary: `${event.status} ${event.statusText} · body “${event.body}”`,
        more: [
          `HTTP ${event.status} ${event.statusText}`,
          ...headerLines(event.headers),
          '',
          event.body,
        ],
      };
    case 'error':
      return { summary: event.message, more: [] };
    case 'close':
      return {
        summary: `code ${event.code} ${describeCloseCode(event.code)} · reason “${event.reason}”`,
        more: [],
      };
    case 'raw-request':
    case 'raw-response':
      return { summary: event.text.split('\r\n')[0] ?? '', more: [event.text] };
    case 'frame':
      return { summary: frameSummary(event), more: frameFields(event) };
    case 'hub-extensions':
      return { summary: `#${event.connection} ws.extensions “${event.extensions}”`, more: [] };
  }
}

const bit = (on: boolean): number => (on ? 1 : 0);

function frameSummary(frame: FrameAnatomy): string {
  return t('lab.frame.summary', {
    from: t(`lab.frame.${frame.from}`),
    opcode: frame.opcodeName,
    fin: bit(frame.fin),
    length: frame.length,
    form: frame.lengthForm,
    masked: t(frame.masked ? 'lab.frame.masked' : 'lab.frame.unmasked'),
    text: frame.text.slice(0, 80),
  });
}

/** Every header field of the frame with its one-line meaning. */
function frameFields(frame: FrameAnatomy): string[] {
  const lines = [
    t('lab.field.bytes', { hex: frame.hex, size: frame.size }),
    t('lab.field.fin', { value: bit(frame.fin) }),
    t('lab.field.rsv', { value: frame.rsv.map(bit).join(' ') }),
    t('lab.field.opcode', {
      value: frame.opcode.toString(16).toUpperCase(),
      name: frame.opcodeName,
    }),
    t('lab.field.mask', { value: bit(frame.masked) }),
    t('lab.field.length', { length: frame.length, form: frame.lengthForm }),
  ];
  if (frame.maskKey !== null) {
    lines.push(t('lab.field.key', { key: frame.maskKey }));
    lines.push(
      t('lab.field.xor', {
        masked: frame.maskedStart ?? '',
        key: frame.maskKey,
        unmasked: frame.unmaskedStart,
      }),
    );
  } else lines.push(t('lab.field.noKey', { payload: frame.unmaskedStart }));
  if (frame.inflated !== null) lines.push(`${frame.length} B → ${frame.inflated} B (inflated)`);
  if (frame.closeCode !== null) {
    lines.push(
      t('lab.field.close', {
        code: frame.closeCode,
        meaning: describeCloseCode(frame.closeCode),
        reason: frame.text,
      }),
    );
  }
  return lines;
}

function entry(event: LabEvent): HTMLLIElement {
  const { summary, more } = describe(event);
  const li = el(
    'li',
    { attrs: { 'data-lab-event': event.name } },
    el('span', { className: 'lab-step', text: `${event.step}. +${event.elapsedMs} ms` }),
    el('span', { className: 'event-kind', text: event.name }),
    el('span', { className: 'lab-data', text: summary }),
    el('span', { className: 'lab-meaning', text: meaningOf(event) }),
  );
  if (more.length > 0) li.append(el('pre', { className: 'lab-more', text: more.join('\n') }));
  return li;
}

export interface LabPanel {
  onEvent(event: LabEvent): void;
  onDone(result: LabResult): void;
  /** The hub refused a command (e.g. a run while another one runs): the buttons come back. */
  onRefused(): void;
  /** The console link opened or closed: runs need it open. */
  setLinkOpen(open: boolean): void;
}

/** Mounts the panel in console.html's #lab-panel; `send` is false when the link is down. */
export function mountLab(send: (command: ConsoleCommand) => boolean): LabPanel {
  byId('lab-heading', HTMLElement).textContent = t('lab.heading');
  byId('lab-intro', HTMLElement).textContent = t('lab.intro');
  const list = byId('lab-events', HTMLOListElement);
  list.setAttribute('aria-label', t('lab.eventsLabel'));
  const verdict = byId('lab-verdict', HTMLElement);
  const browserNote = byId('lab-browser', HTMLElement);
  browserNote.textContent = t('lab.browserSees');
  const buttons = byId('lab-scenarios', HTMLElement);
  let running: LabScenario | null = null;
  /** Asked for a run whose first event has not arrived yet. */
  let asked = false;
  let linkOpen = false;

  const sync = () => {
    for (const button of buttons.querySelectorAll('button')) {
      button.disabled = running !== null || asked || !linkOpen;
    }
  };

  function begin(scenario: LabScenario): void {
    running = scenario;
    asked = false;
    list.replaceChildren();
    verdict.textContent = t('lab.running', { scenario: t(SCENARIO_LABELS[scenario]) });
    verdict.dataset.outcome = 'running';
    browserNote.hidden = !LAB_REFUSALS.has(scenario);
    sync();
  }

  for (const scenario of LAB_SCENARIOS) {
    const button = el('button', {
      text: t(SCENARIO_LABELS[scenario]),
      attrs: { type: 'button', 'data-scenario': scenario },
    });
    button.addEventListener('click', () => {
      if (!send({ type: 'lab-run', scenario })) return;
      asked = true;
      verdict.textContent = t('lab.running', { scenario: t(SCENARIO_LABELS[scenario]) });
      verdict.dataset.outcome = 'running';
      sync();
    });
    buttons.append(button);
  }
  sync();

  return {
    onEvent(event) {
      // A run started from another console shows here too.
      if (running !== event.scenario) begin(event.scenario);
      list.append(entry(event));
    },
    onDone(result) {
      running = null;
      verdict.dataset.outcome = result.outcome;
      verdict.textContent =
        result.outcome === 'expected'
          ? t(verdictKey(result.scenario), { detail: result.detail })
          : t('lab.verdict.unexpected', { detail: result.detail });
      sync();
    },
    onRefused() {
      asked = false;
      sync();
    },
    setLinkOpen(open) {
      linkOpen = open;
      // A run cannot report over a closed link; let the user start another when it is back.
      if (!open) {
        running = null;
        asked = false;
      }
      sync();
    },
  };
}
