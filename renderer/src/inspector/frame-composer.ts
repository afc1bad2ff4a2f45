// The raw frame composer in the inspector: any text or binary frame, sent exactly as written.
// It loads built-in and saved templates, hints whether the text is JSON, asks before a frame
// the hub will close on, and shows what the hub answered (the timeline links the two rows).

import {
  BUILT_IN_TEMPLATE_IDS,
  builtInTemplate,
  type FrameKind,
  type FrameTemplate,
} from '../../../protocol/frame-templates';
import { t, type MessageKey } from '../i18n';
import { byId, el } from '../ui/dom';
import type { FrameTemplateStore, SaveResult } from './frame-template-store';
import { closeRisk, jsonHint, prettyPrinted, readFrame } from './raw-frame';
import type { InspectorEntry } from './entries';

export interface FrameComposer {
  /** Every entry the timeline kept: the composer's own frame, and the hub's answer to it. */
  observe(entry: InspectorEntry): void;
}

interface Parts {
  template: HTMLSelectElement;
  kind: HTMLSelectElement;
  body: HTMLTextAreaElement;
  hint: HTMLElement;
  confirm: HTMLElement;
  confirmText: HTMLElement;
  result: HTMLElement;
  name: HTMLInputElement;
  remove: HTMLButtonElement;
}

const MINE = 'mine:';
const SAVE_WORDS: Record<Exclude<SaveResult, { ok: true }>['reason'], MessageKey> = {
  empty: 'raw.saveEmpty',
  'too-long': 'raw.saveTooLong',
  full: 'raw.saveFull',
  storage: 'raw.saveStorage',
};

function findParts(): Parts {
  return {
    template: byId('raw-template', HTMLSelectElement),
    kind: byId('raw-kind', HTMLSelectElement),
    body: byId('raw-body', HTMLTextAreaElement),
    hint: byId('raw-hint', HTMLElement),
    confirm: byId('raw-confirm', HTMLElement),
    confirmText: byId('raw-confirm-text', HTMLElement),
    result: byId('raw-result', HTMLElement),
    name: byId('raw-name', HTMLInputElement),
    remove: byId('raw-delete', HTMLButtonElement),
  };
}

function fillTemplates(select: HTMLSelectElement, mine: readonly FrameTemplate[]): void {
  const builtIn = el('optgroup', { attrs: { label: t('raw.builtIn') } });
  for (const id of BUILT_IN_TEMPLATE_IDS) {
    builtIn.append(el('option', { text: t(`raw.tpl.${id}`), attrs: { value: id } }));
  }
  const own = el('optgroup', { attrs: { label: t('raw.mine') } });
  for (const template of mine) {
    own.append(el('option', { text: template.id, attrs: { value: MINE + template.id } }));
  }
  const none = el('option', { text: t('raw.templateNone'), attrs: { value: '' } });
  select.replaceChildren(none, builtIn, ...(mine.length > 0 ? [own] : []));
}

function fillKinds(select: HTMLSelectElement): void {
  const kinds: FrameKind[] = ['text', 'hex', 'base64'];
  select.replaceChildren(
    ...kinds.map((kind) => el('option', { text: t(`raw.kind.${kind}`), attrs: { value: kind } })),
  );
}

/** The hint under the payload: JSON or not, its size, or why the bytes cannot be read. */
function hintFor(kind: FrameKind, body: string): string {
  const frame = readFrame(kind, body);
  if (!frame.ok) return t('raw.badBytes', { error: frame.error });
  if (kind !== 'text') return t('raw.binaryBytes', { bytes: frame.bytes });
  const json = jsonHint(body);
  return json.valid
    ? t('raw.jsonValid', { bytes: frame.bytes })
    : t('raw.jsonInvalid', { error: json.error, bytes: frame.bytes });
}

export function bindFrameComposer(
  templates: FrameTemplateStore,
  sendRaw: (frame: string | Uint8Array) => boolean,
): FrameComposer {
  const parts = findParts();
  const { template, kind, body, hint, confirm, result, name } = parts;
  const currentKind = (): FrameKind => kind.value as FrameKind;
  let awaiting = false;
  let sentSeq: number | null = null;

  const showHint = (): void => {
    // Nothing typed yet, nothing to say (and no parse: a window's first thrown SyntaxError costs
    // it milliseconds at its start).
    const typed = body.value !== '';
    hint.textContent = typed ? hintFor(currentKind(), body.value) : '';
    hint.dataset.json = typed && currentKind() === 'text' ? String(jsonHint(body.value).valid) : '';
  };
  const load = (chosen: FrameTemplate): void => {
    kind.value = chosen.kind;
    body.value = chosen.body;
    name.value = template.value.startsWith(MINE) ? chosen.id : '';
    showHint();
  };
  const refreshTemplates = (selected = ''): void => {
    fillTemplates(template, templates.list());
    template.value = selected;
    parts.remove.disabled = !selected.startsWith(MINE);
  };

  const send = (): void => {
    confirm.hidden = true;
    const frame = readFrame(currentKind(), body.value);
    if (!frame.ok) return showHint();
    // Before sending: the frame is recorded (and observed) while sendRaw runs.
    awaiting = true;
    sentSeq = null;
    result.textContent = '';
    if (!sendRaw(frame.frame)) {
      awaiting = false;
      result.textContent = t('raw.notOpen');
    }
  };

  fillKinds(kind);
  refreshTemplates();
  showHint();
  bindTemplateControls(parts, templates, { load, refreshTemplates });
  kind.addEventListener('change', showHint);
  body.addEventListener('input', showHint);
  bindSendControls(parts, currentKind, { send, showHint });

  return {
    observe(entry) {
      if (entry.direction === 'out' && entry.raw && awaiting) {
        awaiting = false;
        sentSeq = entry.seq;
        result.textContent = t('raw.sent', { seq: entry.seq, bytes: entry.bytes });
      } else if (entry.direction !== 'state' && sentSeq !== null && entry.answerTo === sentSeq) {
        const { seq, type, summary } = { ...entry, seq: sentSeq };
        result.textContent = t('raw.answered', { seq, type, summary });
        sentSeq = null;
      }
    },
  };
}

/** Pretty-print, and Send: a frame the hub will close on asks for confirmation first. */
function bindSendControls(
  { body, hint, confirm, confirmText }: Parts,
  currentKind: () => FrameKind,
  actions: { send(): void; showHint(): void },
): void {
  byId('raw-pretty', HTMLButtonElement).addEventListener('click', () => {
    const pretty = currentKind() === 'text' ? prettyPrinted(body.value) : null;
    if (pretty === null) hint.textContent = t('raw.prettyNotJson');
    else body.value = pretty;
    if (pretty !== null) actions.showHint();
  });
  byId('raw-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const frame = readFrame(currentKind(), body.value);
    const risk = frame.ok ? closeRisk(frame.bytes) : null;
    if (!frame.ok || !risk) return actions.send();
    confirmText.textContent = t('raw.confirm', { bytes: frame.bytes, ...risk });
    confirm.hidden = false;
    byId('raw-cancel', HTMLButtonElement).focus();
  });
  byId('raw-send-anyway', HTMLButtonElement).addEventListener('click', actions.send);
  byId('raw-cancel', HTMLButtonElement).addEventListener('click', () => {
    confirm.hidden = true;
    body.focus();
  });
}

/** Choosing, saving and deleting templates. */
function bindTemplateControls(
  { template, kind, body, name, result, remove }: Parts,
  templates: FrameTemplateStore,
  view: { load(t: FrameTemplate): void; refreshTemplates(selected?: string): void },
): void {
  template.addEventListener('change', () => {
    const value = template.value;
    remove.disabled = !value.startsWith(MINE);
    if (value.startsWith(MINE)) {
      const mine = templates.list().find((saved) => MINE + saved.id === value);
      if (mine) view.load(mine);
    } else if ((BUILT_IN_TEMPLATE_IDS as readonly string[]).includes(value)) {
      view.load(builtInTemplate(value as (typeof BUILT_IN_TEMPLATE_IDS)[number]));
    }
  });
  byId('raw-save', HTMLButtonElement).addEventListener('click', () => {
    const id = name.value.trim();
    const saved = templates.save({ id, kind: kind.value as FrameKind, body: body.value });
    if (!saved.ok) return void (result.textContent = t(SAVE_WORDS[saved.reason]));
    view.refreshTemplates(MINE + id);
    result.textContent = t('raw.saved', { name: id });
  });
  remove.addEventListener('click', () => {
    if (!template.value.startsWith(MINE)) return;
    templates.remove(template.value.slice(MINE.length));
    view.refreshTemplates();
    name.value = '';
  });
}
