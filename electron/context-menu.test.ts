import { describe, expect, it } from 'vitest';
import type { ContextMenuFacts } from './context-menu';
import { launch } from './test/launch-loopchat';

const inComposer: ContextMenuFacts = {
  isEditable: true,
  selectionText: '',
  misspelledWord: '',
  dictionarySuggestions: [],
  editFlags: { canCut: false, canCopy: false, canPaste: true, canSelectAll: true },
};

async function rightClick(facts: ContextMenuFacts, platform: NodeJS.Platform = 'linux') {
  const { electron } = await launch({ platform });
  const [window] = electron.openWindows;
  if (!window) throw new Error('no window');
  window.webContents.rightClick(facts);
  return { electron, window, popup: electron.popups.at(-1) };
}

describe('the context menu', () => {
  it('offers Cut, Copy, Paste and Select All in the message box, enabled as they apply', async () => {
    const { popup, window } = await rightClick(inComposer);
    expect(popup?.window).toBe(window);
    expect(popup?.template.map((i) => i.label ?? '—')).toEqual([
      'Cut',
      'Copy',
      'Paste',
      '—',
      'Select All',
    ]);
    expect(popup?.template.map((i) => i.enabled)).toEqual([false, false, true, undefined, true]);
  });

  it('offers Copy for selected message text', async () => {
    const { popup } = await rightClick({
      ...inComposer,
      isEditable: false,
      selectionText: 'hello',
      editFlags: { ...inComposer.editFlags, canCopy: true },
    });
    expect(popup?.template.map((i) => i.role)).toEqual(['copy', 'selectAll']);
  });

  it("puts macOS's spelling suggestions first and replaces the word with the one picked", async () => {
    const { popup, window } = await rightClick(
      { ...inComposer, misspelledWord: 'helo', dictionarySuggestions: ['hello', 'halo'] },
      'darwin',
    );
    expect(popup?.template.slice(0, 2).map((i) => i.label)).toEqual(['hello', 'halo']);
    popup?.template[0]?.click?.();
    expect(window.webContents.replacements).toEqual(['hello']);
  });

  it('says so when there is no suggestion for a misspelling', async () => {
    const { popup } = await rightClick({ ...inComposer, misspelledWord: 'qzx' }, 'darwin');
    expect(popup?.template[0]).toMatchObject({ label: 'No Spelling Suggestions', enabled: false });
  });

  it.each(['linux', 'win32'] as const)(
    'downloads no dictionary on %s, and checks no spelling there',
    async (platform) => {
      const { electron, window } = await rightClick(inComposer, platform);
      await electron.session.dictionariesSettled();
      expect(electron.session.dictionaryDownloads).toEqual([]);
      expect(electron.session.spellCheckerEnabled).toBe(false);
      expect(window.options.webPreferences?.spellcheck).toBe(false);
    },
  );

  it("keeps macOS's own spellchecker, which downloads nothing", async () => {
    const { electron, window } = await rightClick(inComposer, 'darwin');
    await electron.session.dictionariesSettled();
    expect(electron.session.dictionaryDownloads).toEqual([]);
    expect(electron.session.spellCheckerEnabled).toBe(true);
    expect(window.options.webPreferences?.spellcheck).toBe(true);
  });

  it('speaks Korean on a Korean system', async () => {
    const { electron } = await launch({ prepare: (fake) => (fake.app.locale = 'ko-KR') });
    electron.openWindows[0]?.webContents.rightClick(inComposer);
    expect(electron.popups[0]?.template[0]?.label).toBe('잘라내기');
    expect(electron.menu?.map((m) => m.label)).toEqual(['파일', '편집', '보기', '도움말']);
  });
});
