// Shows the user's name and lets them change it.

import { LIMITS } from '../../../protocol/messages';
import type { RenameResult } from '../connection/client-types';
import { t } from '../i18n';

export interface NameView {
  show(name: string): void;
}

export function bindNameForm(
  display: HTMLElement,
  form: HTMLFormElement,
  input: HTMLInputElement,
  rename: (name: string) => RenameResult,
): NameView {
  input.maxLength = LIMITS.maxNameLength;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const result = rename(input.value);
    if (result.ok) {
      input.setCustomValidity('');
      input.value = result.name;
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

  return {
    show(name) {
      display.textContent = name;
      // Do not overwrite what the user is typing.
      if (document.activeElement !== input) input.value = name;
    },
  };
}
