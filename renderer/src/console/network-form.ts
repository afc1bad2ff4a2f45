// A window's network condition in the console's table: what it is under now, and a form that
// puts it under added latency, a bandwidth cap or a pause for up to a minute, or lifts it.

import {
  NETWORK_LIMITS,
  type NetworkConditionKind,
  type NetworkState,
} from '../../../protocol/console';
import { NETWORK_AMOUNTS } from '../../../protocol/console-validate';
import { formatClock } from '../format';
import { t } from '../i18n';
import { el } from '../ui/dom';
import { conditionText } from './event-text';

export interface NetworkRequest {
  connection: number;
  condition: NetworkConditionKind;
  amount: number;
  seconds: number;
}

export interface NetworkActions {
  set(request: NetworkRequest): void;
  lift(connection: number): void;
}

const KINDS: readonly NetworkConditionKind[] = ['latency', 'bandwidth', 'pause'];
/** What the amount starts at for each kind: a slow mobile link's numbers. */
const SUGGESTED: Record<NetworkConditionKind, number> = { latency: 300, bandwidth: 4096, pause: 0 };

export function networkForm(connection: number, actions: NetworkActions) {
  const state = el('span', { className: 'network-state', attrs: { 'data-cell-part': 'network' } });
  const kind = el('select', { attrs: { 'aria-label': t('console.networkKind') } });
  for (const k of KINDS) {
    kind.append(el('option', { text: t(`console.networkKind.${k}`), attrs: { value: k } }));
  }
  const amount = el('input', { attrs: { type: 'number', step: '1' } });
  const seconds = el('input', {
    attrs: {
      type: 'number',
      min: '1',
      max: String(NETWORK_LIMITS.maxSeconds),
      step: '1',
      value: '30',
    },
  });
  const chosen = () => (KINDS.find((k) => k === kind.value) ?? 'latency') as NetworkConditionKind;
  const fitAmount = () => {
    const k = chosen();
    amount.min = String(NETWORK_AMOUNTS[k].min);
    amount.max = String(NETWORK_AMOUNTS[k].max);
    amount.value = String(SUGGESTED[k]);
    amount.disabled = k === 'pause';
  };
  fitAmount();
  kind.addEventListener('change', fitAmount);
  const lift = el('button', { text: t('console.networkLift'), attrs: { type: 'button' } });
  lift.addEventListener('click', () => actions.lift(connection));
  const form = el(
    'form',
    { className: 'client-network' },
    state,
    kind,
    el('label', {}, el('span', { text: t('console.networkAmount') }), amount),
    el('label', {}, el('span', { text: t('console.networkSeconds') }), seconds),
    el('button', { text: t('console.networkApply'), attrs: { type: 'submit' } }),
    lift,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    actions.set({
      connection,
      condition: chosen(),
      amount: Number(amount.value),
      seconds: Number(seconds.value),
    });
  });

  return {
    form,
    show(network: NetworkState | null): void {
      lift.disabled = network === null;
      form.dataset.condition = network?.condition.kind ?? 'none';
      state.textContent = network
        ? t('console.networkState', {
            condition: conditionText(network.condition),
            time: formatClock(network.endsAt),
            bytes: network.heldBytes,
          })
        : t('console.networkPlain');
    },
  };
}
