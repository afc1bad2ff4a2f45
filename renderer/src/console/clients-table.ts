// The clients table. Rows are keyed by connection number and updated in place, so the
// close code and reason someone is typing survive the table's live updates.

import type { ClientInfo } from '../../../protocol/console';
import { describeCloseCode, reconnectsAfter } from '../../../protocol/close-codes';
import { describeReadyState, readyStateLabel, toReadyState } from '../connection/ready-state';
import { formatClock } from '../format';
import { t } from '../i18n';
import { el } from '../ui/dom';

/** The codes an application may choose; the hub accepts any 4000-4999 too. */
export const CLOSE_CODE_CHOICES = [1000, 1001, 1008, 4000, 4001, 4002, 4999] as const;

export interface DisconnectRequest {
  client: number;
  code: number;
  reason: string;
}

interface Row {
  tr: HTMLTableRowElement;
  name: HTMLElement;
  inCount: HTMLElement;
  outCount: HTMLElement;
  buffered: HTMLElement;
  state: HTMLElement;
  stateMeaning: HTMLElement;
}

function closeCodeSelect(): { select: HTMLSelectElement; meaning: HTMLElement } {
  const select = el('select', { attrs: { 'aria-label': 'Close code' } });
  for (const code of CLOSE_CODE_CHOICES) {
    select.append(el('option', { text: String(code), attrs: { value: String(code) } }));
  }
  select.value = '4001';
  const meaning = el('span', { className: 'code-meaning' });
  const explain = () => {
    const code = Number(select.value);
    meaning.textContent = reconnectsAfter(code)
      ? describeCloseCode(code)
      : `${describeCloseCode(code)}: the window stops reconnecting`;
  };
  select.addEventListener('change', explain);
  explain();
  return { select, meaning };
}

function disconnectForm(
  info: ClientInfo,
  onDisconnect: (request: DisconnectRequest) => void,
): HTMLFormElement {
  const { select, meaning } = closeCodeSelect();
  const reason = el('input', {
    attrs: { type: 'text', 'aria-label': 'Close reason', placeholder: 'reason', maxlength: '123' },
  });
  const form = el(
    'form',
    { className: 'client-disconnect' },
    select,
    reason,
    el('button', { text: 'Disconnect', attrs: { type: 'submit' } }),
    meaning,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onDisconnect({ client: info.id, code: Number(select.value), reason: reason.value });
  });
  return form;
}

function displayName(info: ClientInfo): string {
  if (info.role === 'console') return '(server console)';
  const name = info.name ?? '(no hello yet)';
  return info.lab ? `${name} [${t('lab.badge')}]` : name;
}

export function createClientsTable(
  tbody: HTMLTableSectionElement,
  count: HTMLElement,
  onDisconnect: (request: DisconnectRequest) => void,
) {
  const rows = new Map<number, Row>();

  function createRow(info: ClientInfo): Row {
    const name = el('td', { attrs: { 'data-cell': 'name' } });
    const inCount = el('td', { className: 'num', attrs: { 'data-cell': 'in' } });
    const outCount = el('td', { className: 'num', attrs: { 'data-cell': 'out' } });
    const buffered = el('td', { className: 'num', attrs: { 'data-cell': 'buffered' } });
    const state = el('span', { attrs: { 'data-cell-part': 'state' } });
    const stateMeaning = el('span', { className: 'state-meaning' });
    const since = new Date(info.connectedAt);
    const tr = el(
      'tr',
      {
        attrs: {
          'data-client-id': String(info.id),
          'data-role': info.role,
          ...(info.lab ? { 'data-lab': 'true' } : {}),
        },
      },
      el('td', { text: `#${info.id}` }),
      name,
      el('td', {}, el('code', { text: info.address })),
      el(
        'td',
        {},
        el('time', {
          text: formatClock(info.connectedAt),
          attrs: { datetime: since.toISOString() },
        }),
      ),
      inCount,
      outCount,
      buffered,
      el('td', { attrs: { 'data-cell': 'state' } }, state, stateMeaning),
      el('td', {}, disconnectForm(info, onDisconnect)),
    );
    return { tr, name, inCount, outCount, buffered, state, stateMeaning };
  }

  function update(row: Row, info: ClientInfo): void {
    row.name.textContent = displayName(info);
    if (info.clientId) row.tr.dataset.windowId = info.clientId;
    row.inCount.textContent = String(info.messagesIn);
    row.outCount.textContent = String(info.messagesOut);
    row.buffered.textContent = String(info.bufferedAmount);
    const state = toReadyState(info.readyState);
    row.state.textContent = readyStateLabel(state);
    row.stateMeaning.textContent = describeReadyState(state);
  }

  return {
    show(clients: readonly ClientInfo[]): void {
      const seen = new Set<number>();
      for (const info of clients) {
        seen.add(info.id);
        let row = rows.get(info.id);
        if (!row) {
          row = createRow(info);
          rows.set(info.id, row);
          tbody.append(row.tr);
        }
        update(row, info);
      }
      for (const [id, row] of rows) {
        if (seen.has(id)) continue;
        row.tr.remove();
        rows.delete(id);
      }
      const windows = clients.filter((c) => c.role === 'chat').length;
      count.textContent = `(${windows} window${windows === 1 ? '' : 's'}, ${clients.length - windows} console)`;
    },
  };
}
