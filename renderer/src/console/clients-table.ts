// The clients table. Rows are keyed by connection number and updated in place, so the
// close code and reason someone is typing survive the table's live updates.

import type { ConnectionInfo, WireBytes } from '../../../protocol/console';
import {
  CLOSE_CODES,
  consoleCloseCodeRefusal,
  describeCloseCode,
  reconnectsAfter,
} from '../../../protocol/close-codes';
import { readyStateLabel, toReadyState } from '../../../client/ready-state';
import { describeReadyState } from '../connection/client-text';
import { formatClock } from '../format';
import { t } from '../i18n';
import { el } from '../ui/dom';
import { networkForm, type NetworkActions } from './network-form';

/** Suggested codes for the typed close code; any 4001-4999 is accepted too (never 4000). */
export const CLOSE_CODE_CHOICES = [1000, 1001, 1008, 4001, 4002, 4999] as const;

export interface DisconnectRequest {
  connection: number;
  code: number;
  reason: string;
}

interface Row {
  tr: HTMLTableRowElement;
  name: HTMLElement;
  inCount: HTMLElement;
  outCount: HTMLElement;
  binary: HTMLElement;
  buffered: HTMLElement;
  extensions: HTMLElement;
  payload: HTMLElement;
  wire: HTMLElement;
  /** Windows only: consoles are never slowed. */
  network: ReturnType<typeof networkForm> | null;
  state: HTMLElement;
  stateMeaning: HTMLElement;
}

/** What closing with `code` does, or why the console may not use it. */
function explainCode(code: number): { text: string; refused: boolean } {
  const refusal = Number.isInteger(code) ? consoleCloseCodeRefusal(code) : null;
  if (code === CLOSE_CODES.replaced.code) return { text: t('console.code4000'), refused: true };
  if (refusal !== null || !Number.isInteger(code))
    return { text: t('console.codeRange'), refused: true };
  const meaning = describeCloseCode(code);
  return {
    text: reconnectsAfter(code)
      ? t('console.codeReconnects', { meaning })
      : t('console.codeStaysOff', { meaning }),
    refused: false,
  };
}

/**
 * Drop (4002: the window comes back), Remove (4001: it stays off and says why), or any code
 * typed by hand, all with the reason typed beside them.
 */
function disconnectForm(
  info: ConnectionInfo,
  onDisconnect: (request: DisconnectRequest) => void,
): HTMLFormElement {
  const listId = `close-codes-${info.number}`;
  const reason = el('input', {
    attrs: {
      type: 'text',
      'aria-label': t('console.closeReason'),
      placeholder: t('console.reasonPlaceholder'),
      maxlength: '123',
    },
  });
  const codeInput = el('input', {
    attrs: {
      type: 'number',
      'aria-label': t('console.closeCode'),
      min: '1000',
      max: '4999',
      step: '1',
      placeholder: '4001–4999',
      list: listId,
    },
  });
  const choices = el('datalist', { attrs: { id: listId } });
  for (const code of CLOSE_CODE_CHOICES)
    choices.append(el('option', { attrs: { value: String(code) } }));
  const meaning = el('span', { className: 'code-meaning', attrs: { 'aria-live': 'polite' } });
  const send = (code: number) =>
    onDisconnect({ connection: info.number, code, reason: reason.value.trim() });
  const button = (label: string, title: string, code: number) => {
    const b = el('button', { text: label, attrs: { type: 'button', title } });
    b.addEventListener('click', () => send(code));
    return b;
  };
  const form = el(
    'form',
    { className: 'client-disconnect' },
    reason,
    button(t('console.drop'), t('console.dropHint'), CLOSE_CODES.dropped.code),
    button(t('console.remove'), t('console.removeHint'), CLOSE_CODES.removed.code),
    codeInput,
    choices,
    el('button', { text: t('console.closeWithCode'), attrs: { type: 'submit' } }),
    meaning,
  );
  const explain = () => {
    if (codeInput.value === '') {
      meaning.textContent = '';
      return;
    }
    const { text, refused } = explainCode(Number(codeInput.value));
    meaning.textContent = text;
    meaning.dataset.refused = String(refused);
  };
  codeInput.addEventListener('input', explain);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    explain();
    const code = Number(codeInput.value);
    if (codeInput.value === '' || explainCode(code).refused) return;
    send(code);
  });
  return form;
}

function displayName(info: ConnectionInfo): string {
  if (info.role === 'console') return t('console.roleConsole');
  const name = info.name ?? t('console.noHello');
  return info.lab ? `${name} [${t('lab.badge')}]` : name;
}

/** Binary frames and bytes each way, then each upload in progress with how far it is. */
function binaryText({ binary, uploads }: ConnectionInfo): string {
  const counts = t('console.binaryCounts', {
    framesIn: binary.framesIn,
    bytesIn: binary.bytesIn,
    framesOut: binary.framesOut,
    bytesOut: binary.bytesOut,
  });
  const progress = uploads.map((u) =>
    t('console.uploadProgress', { name: u.name, received: u.receivedBytes, size: u.size }),
  );
  return [counts, ...progress].join(' · ');
}

/** Bytes each way, in the text and as data-in / data-out for reading back. */
function showBytes(cell: HTMLElement, { bytesIn, bytesOut }: WireBytes): void {
  cell.textContent = t('console.byteCounts', { bytesIn, bytesOut });
  cell.dataset.in = String(bytesIn);
  cell.dataset.out = String(bytesOut);
}

/** A connection's row, its cells kept for update(). */
function createRow(
  info: ConnectionInfo,
  onDisconnect: (request: DisconnectRequest) => void,
  networkActions: NetworkActions,
): Row {
  const name = el('td', { attrs: { 'data-cell': 'name' } });
  const inCount = el('td', { className: 'num', attrs: { 'data-cell': 'in' } });
  const outCount = el('td', { className: 'num', attrs: { 'data-cell': 'out' } });
  const binary = el('td', { attrs: { 'data-cell': 'binary' } });
  const buffered = el('td', { className: 'num', attrs: { 'data-cell': 'buffered' } });
  const extensions = el('td', { attrs: { 'data-cell': 'extensions' } });
  const payload = el('td', { className: 'num', attrs: { 'data-cell': 'payload' } });
  const wire = el('td', { className: 'num', attrs: { 'data-cell': 'wire' } });
  const network = info.role === 'chat' ? networkForm(info.number, networkActions) : null;
  const state = el('span', { attrs: { 'data-cell-part': 'state' } });
  const stateMeaning = el('span', { className: 'state-meaning' });
  const since = new Date(info.connectedAt);
  const tr = el(
    'tr',
    {
      attrs: {
        'data-client-id': String(info.number),
        'data-role': info.role,
        ...(info.lab ? { 'data-lab': 'true' } : {}),
      },
    },
    el('td', { text: `#${info.number}` }),
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
    binary,
    buffered,
    extensions,
    payload,
    wire,
    el('td', { attrs: { 'data-cell': 'network' } }, ...(network ? [network.form] : [])),
    el('td', { attrs: { 'data-cell': 'state' } }, state, stateMeaning),
    el('td', {}, disconnectForm(info, onDisconnect)),
  );
  return {
    tr,
    name,
    inCount,
    outCount,
    binary,
    buffered,
    extensions,
    payload,
    wire,
    network,
    state,
    stateMeaning,
  };
}

/** Writes what changes in a connection's row. */
function update(row: Row, info: ConnectionInfo): void {
  row.name.textContent = displayName(info);
  if (info.peerId) row.tr.dataset.windowId = info.peerId;
  row.inCount.textContent = String(info.messagesIn);
  row.outCount.textContent = String(info.messagesOut);
  row.binary.textContent = binaryText(info);
  row.buffered.textContent = String(info.bufferedAmount);
  row.extensions.textContent = info.extensions || t('console.noExtensions');
  showBytes(row.payload, info.payload);
  showBytes(row.wire, info.wire);
  row.network?.show(info.network);
  const state = toReadyState(info.readyState);
  row.state.textContent = readyStateLabel(state);
  row.stateMeaning.textContent = describeReadyState(state);
}

export function createClientsTable(
  tbody: HTMLTableSectionElement,
  count: HTMLElement,
  onDisconnect: (request: DisconnectRequest) => void,
  networkActions: NetworkActions,
) {
  const rows = new Map<number, Row>();

  return {
    show(clients: readonly ConnectionInfo[]): void {
      const seen = new Set<number>();
      for (const info of clients) {
        seen.add(info.number);
        let row = rows.get(info.number);
        if (!row) {
          row = createRow(info, onDisconnect, networkActions);
          rows.set(info.number, row);
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
      count.textContent = t('console.clientCount', { windows, consoles: clients.length - windows });
    },
  };
}
