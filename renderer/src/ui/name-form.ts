// Shows the user's name once, and on "Rename" swaps it for a field to change it (Enter saves,
// Escape cancels).

import { LIMITS } from '../../../protocol/messages';
import type { RenameResult } from '../../../client/client-types';
import { t } from '../i18n';

export interface NameView {
  show(name: string): void;
}

export interface NameFormElements {
  display: HTMLElement;
  open: HTMLButtonElement;
  form: HTMLFormElement;
  input: HTMLInputElement;
}

export function bindNameForm(
  { display, open, form, input }: NameFormElements,
  rename: (name: string) => RenameResult,
): NameView {
  input.maxLength = LIMITS.maxNameLength;

  function setEditing(editing: boolean): void {
    form.hidden = !editing;
    display.hidden = editing;
    open.hidden = editing;
    if (editing) {
      input.value = display.textContent ?? '';
      input.focus();
      input.select();
    }
  }

  open.addEventListener('click', () => setEditing(true));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const result = rename(input.value);
    if (result.ok) {
      input.setCustomValidity('');
      setEditing(false);
      open.focus();
    } else {
      input.setCustomValidity(
        result.reason === 'empty'
          ? t('name.empty')
          : t('name.tooLong', { max: LIMITS.maxNameLength }),
      );
      input.reportValidity();
    }
  });
  input.addEventListener('input', () => input.setCustomValidity(''));
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.isComposing) return;
    event.stopPropagation(); // the inspector's Escape is not meant
    setEditing(false);
    open.focus();
  });

  return {
    show(name) {
      display.textContent = name;
    },
  };
}
