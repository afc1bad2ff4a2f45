// The inspector's filters: direction, frame type and a text search. The type menu lists the
// types seen so far and is rebuilt only when that list changes.

import { t, type MessageKey } from '../i18n';
import { byId, el } from '../ui/dom';
import type { Direction, TimelineFilter } from './entries';

const DIRECTIONS: readonly (Direction | 'all')[] = ['all', 'in', 'out', 'event', 'state'];
const DIRECTION_LABELS: Record<Direction | 'all', MessageKey> = {
  all: 'inspector.dirAll',
  in: 'inspector.dirIn',
  out: 'inspector.dirOut',
  event: 'inspector.dirEvent',
  state: 'inspector.dirState',
};

function isDirectionFilter(value: string): value is Direction | 'all' {
  return (DIRECTIONS as readonly string[]).includes(value);
}

export interface FilterBar {
  /** The current filter, changed in place as the user picks. */
  readonly filter: TimelineFilter;
  /** Lists `types` (the types recorded so far) in the type menu. */
  showTypes(types: string[]): void;
}

/** Binds the filter controls; `onChange` runs after every change of the filter. */
export function bindFilterBar(onChange: () => void): FilterBar {
  const direction = byId('inspector-direction', HTMLSelectElement);
  const typeSelect = byId('inspector-type', HTMLSelectElement);
  const search = byId('inspector-search', HTMLInputElement);
  const filter: TimelineFilter = { direction: 'all', type: 'all', text: '' };
  let shownTypes = '';

  direction.replaceChildren(
    ...DIRECTIONS.map((d) => el('option', { text: t(DIRECTION_LABELS[d]), attrs: { value: d } })),
  );
  direction.addEventListener('change', () => {
    filter.direction = isDirectionFilter(direction.value) ? direction.value : 'all';
    onChange();
  });
  typeSelect.addEventListener('change', () => {
    filter.type = typeSelect.value || 'all';
    onChange();
  });
  search.addEventListener('input', () => {
    filter.text = search.value;
    onChange();
  });

  return {
    filter,
    showTypes(types) {
      // The chosen type stays listed even once it has left the bounded timeline.
      if (filter.type !== 'all' && !types.includes(filter.type)) types.push(filter.type);
      const key = types.join('\n');
      if (key === shownTypes) return;
      shownTypes = key;
      typeSelect.replaceChildren(
        el('option', { text: t('inspector.typeAll'), attrs: { value: 'all' } }),
        ...types.map((type) => el('option', { text: type, attrs: { value: type } })),
      );
      typeSelect.value = filter.type;
    },
  };
}
