// Right-click in a window: spelling suggestions when the OS offers them, then Cut, Copy, Paste
// and Select All as the spot allows (Electron shows no context menu of its own). Suggestions
// come only from macOS's own spellchecker: on Windows and Linux Electron's checker downloads
// Hunspell dictionaries from Google's CDN, so it stays off there (spelling.ts).

import type { ContextMenuParams } from 'electron';
import type { MenuItemSpec } from './electron-api';
import { menuText, type MenuLanguage } from './menu-text';

/** The part of Electron's context-menu params the menu reads. */
export type ContextMenuFacts = Pick<
  ContextMenuParams,
  'isEditable' | 'selectionText' | 'misspelledWord' | 'dictionarySuggestions'
> & {
  editFlags: Pick<
    ContextMenuParams['editFlags'],
    'canCut' | 'canCopy' | 'canPaste' | 'canSelectAll'
  >;
};

const MAX_SUGGESTIONS = 5;

/** The items for one right-click; empty when there is nothing to do there. */
export function contextMenuTemplate(
  facts: ContextMenuFacts,
  language: MenuLanguage,
  replaceMisspelling: (word: string) => void,
): MenuItemSpec[] {
  const label = menuText(language, 'Loopchat');
  const spelling: MenuItemSpec[] = [];
  if (facts.isEditable && facts.misspelledWord !== '') {
    const suggestions = facts.dictionarySuggestions.slice(0, MAX_SUGGESTIONS);
    spelling.push(
      ...(suggestions.length > 0
        ? suggestions.map((word) => ({ label: word, click: () => replaceMisspelling(word) }))
        : [{ label: label('noGuesses'), enabled: false }]),
      { type: 'separator' },
    );
  }
  const { editFlags } = facts;
  const edit: MenuItemSpec[] = facts.isEditable
    ? [
        { label: label('cut'), role: 'cut', enabled: editFlags.canCut },
        { label: label('copy'), role: 'copy', enabled: editFlags.canCopy },
        { label: label('paste'), role: 'paste', enabled: editFlags.canPaste },
        { type: 'separator' },
        { label: label('selectAll'), role: 'selectAll', enabled: editFlags.canSelectAll },
      ]
    : [
        ...(facts.selectionText.trim() !== ''
          ? [{ label: label('copy'), role: 'copy', enabled: editFlags.canCopy } as const]
          : []),
        { label: label('selectAll'), role: 'selectAll', enabled: editFlags.canSelectAll },
      ];
  return [...spelling, ...edit];
}
