// The window's search (Ctrl+F, or Cmd+F on macOS): a search box over the whole history the hub
// keeps. Results come newest first, a page at a time (client.search: a request answered by id),
// each with its author, time and the text around the match; choosing one brings that message
// into the chat list (fetching its page) and highlights it. Escape closes the search and goes
// back to the newest messages. All text goes in as text, never HTML.

import type { ChatClient } from '../../../client/client-types';
import type { RevealResult } from '../chat/scrollback';
import type { SearchResult } from '../../../client/history-requests';
import type { ChatMessage } from '../../../protocol/messages';
import { HISTORY_LIMITS } from '../../../protocol/history-messages';
import { foldForSearch } from '../../../protocol/search-text';
import { formatClock } from '../format';
import { t } from '../i18n';
import { el, timeElement } from './dom';

/** Typing pauses this long before the search runs (searches are rate-limited by the hub). */
const TYPING_PAUSE_MS = 300;
const RESULTS_PER_PAGE = 20;
/** Characters of text shown before the match in a result. */
const CONTEXT_BEFORE = 30;
const CONTEXT_LENGTH = 120;

export interface SearchElements {
  panel: HTMLElement;
  form: HTMLFormElement;
  input: HTMLInputElement;
  status: HTMLElement;
  results: HTMLOListElement;
  more: HTMLButtonElement;
  close: HTMLButtonElement;
}

export interface SearchActions {
  /** Brings the chat `seq` into view, highlighted, or says why not (null: it is gone). */
  reveal(seq: number): Promise<RevealResult>;
  /** The search closed: back to the newest messages. */
  closed(): void;
}

/** The result's text: the part around the first match, the match marked. */
export function contextOf(
  text: string,
  query: string,
): { before: string; match: string; after: string } {
  const folded = foldForSearch(text);
  const needle = foldForSearch(query);
  const at = folded.length === text.length ? folded.indexOf(needle) : -1;
  if (at < 0) return { before: '', match: '', after: text.slice(0, CONTEXT_LENGTH) };
  const from = Math.max(0, at - CONTEXT_BEFORE);
  const end = Math.min(text.length, from + Math.max(CONTEXT_LENGTH, at - from + needle.length));
  return {
    before: (from > 0 ? '…' : '') + text.slice(from, at),
    match: text.slice(at, at + needle.length),
    after: text.slice(at + needle.length, end) + (end < text.length ? '…' : ''),
  };
}

export class SearchPanel {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private query = '';
  private next: number | null = null;
  /** Only the newest search's answer is shown. */
  private asked = 0;

  constructor(
    private readonly ui: SearchElements,
    private readonly client: ChatClient,
    private readonly actions: SearchActions,
  ) {
    ui.input.maxLength = HISTORY_LIMITS.maxQueryLength;
    document.addEventListener('keydown', (event) => this.onKey(event));
    ui.input.addEventListener('input', () => this.typed());
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run(false);
    });
    ui.more.addEventListener('click', () => this.run(true));
    ui.close.addEventListener('click', () => this.close());
  }

  open(): void {
    this.ui.panel.hidden = false;
    this.ui.input.focus();
    this.ui.input.select();
  }

  close(): void {
    if (this.ui.panel.hidden) return;
    clearTimeout(this.timer);
    this.ui.panel.hidden = true;
    this.actions.closed();
    document.getElementById('composer')?.focus();
  }

  private onKey(event: KeyboardEvent): void {
    const find =
      (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f';
    if (find) {
      event.preventDefault(); // the browser's own find cannot reach rows that are not in the DOM
      this.open();
    } else if (event.key === 'Escape' && !this.ui.panel.hidden) {
      event.preventDefault();
      this.close();
    }
  }

  private typed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(false), TYPING_PAUSE_MS);
  }

  private run(more: boolean): void {
    clearTimeout(this.timer);
    const query = more ? this.query : this.ui.input.value.trim();
    if (query.length === 0) return this.show([], t('search.prompt'), false);
    if (!more) {
      this.query = query;
      this.next = null;
      this.ui.results.replaceChildren();
    }
    const asked = ++this.asked;
    this.ui.status.textContent = t('search.searching');
    void this.client.search(query, more ? this.next : null, RESULTS_PER_PAGE).then((result) => {
      if (asked === this.asked) this.answered(result);
    });
  }

  private answered(result: SearchResult): void {
    if (!result.ok) {
      const key = result.problem === 'rate-limited' ? 'search.tooFast' : 'search.failed';
      return this.show([], t(key, { reason: result.message }), this.next !== null);
    }
    this.next = result.next;
    const shown = this.ui.results.children.length + result.hits.length;
    const status =
      shown === 0
        ? t('search.none', { query: result.query })
        : t(result.next === null ? 'search.count' : 'search.countMore', { count: shown });
    this.show(result.hits, status, result.next !== null);
  }

  private show(hits: readonly ChatMessage[], status: string, more: boolean): void {
    this.ui.results.append(...hits.map((message) => this.resultItem(message)));
    this.ui.status.textContent = status;
    this.ui.more.hidden = !more;
  }

  private resultItem(message: ChatMessage): HTMLLIElement {
    const { before, match, after } = contextOf(message.text, this.query);
    const button = el(
      'button',
      { className: 'search-hit', attrs: { type: 'button', 'data-seq': String(message.seq) } },
      el('span', { className: 'search-author', text: message.from.name }),
      timeElement(message.at, formatClock(message.at)),
      el(
        'span',
        { className: 'search-context' },
        document.createTextNode(before),
        el('mark', { text: match }),
        document.createTextNode(after),
      ),
    );
    button.addEventListener('click', () => {
      this.ui.status.textContent = t('search.opening');
      void this.actions.reveal(message.seq).then((found) => {
        this.ui.status.textContent = found.shown
          ? t('search.shown')
          : found.reason === null
            ? t('search.gone')
            : t('search.openFailed', { reason: found.reason });
      });
    });
    return el('li', {}, button);
  }
}
