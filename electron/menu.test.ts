import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, findMenuItem, type MenuActions } from './menu';

function actions(extra: Partial<MenuActions> = {}): MenuActions {
  return {
    platform: 'linux',
    appName: 'Loopchat',
    isPackaged: false,
    newWindow: () => undefined,
    showAbout: () => undefined,
    ...extra,
  };
}

describe('the application menu', () => {
  it('has File, Edit, View and Help on Linux and Windows', () => {
    expect(buildMenuTemplate(actions()).map((m) => m.label)).toEqual([
      'File',
      'Edit',
      'View',
      'Help',
    ]);
  });

  it('has no Server Console until one is provided, then puts it under View', () => {
    const isConsole = (i: { label?: string }) => i.label === 'Server Console';
    expect(findMenuItem(buildMenuTemplate(actions()), isConsole)).toBeUndefined();

    let opened = 0;
    const template = buildMenuTemplate(actions({ openServerConsole: () => (opened += 1) }));
    const view = template.find((m) => m.label === 'View');
    const item = findMenuItem(view?.submenu ?? [], isConsole);
    item?.click?.();
    expect(opened).toBe(1);
  });
});

describe('platform and packaging differences', () => {
  const roles = (template: ReturnType<typeof buildMenuTemplate>) =>
    JSON.stringify(template).match(/"role":"\w+"/g) ?? [];

  it('adds the standard Window menu on macOS only, before Help', () => {
    const mac = buildMenuTemplate(actions({ platform: 'darwin' }));
    expect(mac.map((m) => m.role ?? m.label)).toEqual([
      'Loopchat',
      'File',
      'Edit',
      'View',
      'windowMenu',
      'help',
    ]);
    expect(roles(buildMenuTemplate(actions()))).not.toContain('"role":"windowMenu"');
  });

  it('offers Toggle Developer Tools only when not packaged', () => {
    expect(roles(buildMenuTemplate(actions()))).toContain('"role":"toggleDevTools"');
    const packaged = buildMenuTemplate(actions({ isPackaged: true }));
    expect(roles(packaged)).not.toContain('"role":"toggleDevTools"');
    // The rest of View stays.
    expect(roles(packaged)).toContain('"role":"reload"');
  });
});

describe('accelerators and labels per OS', () => {
  const item = (platform: NodeJS.Platform, role: string) =>
    findMenuItem(buildMenuTemplate(actions({ platform })), (i) => i.role === role);

  it('uses Cmd on macOS and Ctrl elsewhere', () => {
    expect(item('darwin', 'quit')).toMatchObject({ label: 'Quit Loopchat', accelerator: 'Cmd+Q' });
    expect(item('linux', 'quit')).toMatchObject({ label: 'Quit', accelerator: 'Ctrl+Q' });
    expect(item('darwin', 'toggleDevTools')?.accelerator).toBe('Alt+Cmd+I');
    expect(item('linux', 'toggleDevTools')?.accelerator).toBe('Ctrl+Shift+I');
    expect(item('darwin', 'togglefullscreen')?.accelerator).toBe('Ctrl+Cmd+F');
    expect(item('win32', 'togglefullscreen')?.accelerator).toBe('F11');
  });

  it('follows Windows: Exit without Ctrl+Q, Redo on Ctrl+Y', () => {
    expect(item('win32', 'quit')).toEqual({ label: 'Exit', role: 'quit' });
    expect(item('win32', 'redo')?.accelerator).toBe('Ctrl+Y');
    expect(item('darwin', 'redo')?.accelerator).toBe('Shift+CmdOrCtrl+Z');
  });

  it('gives macOS an app menu with About, Hide and Quit, and Help without About', () => {
    const mac = buildMenuTemplate(actions({ platform: 'darwin' }));
    expect(mac[0]?.submenu?.map((i) => i.role ?? i.label)).toEqual([
      'About Loopchat',
      undefined,
      'services',
      undefined,
      'hide',
      'hideOthers',
      'unhide',
      undefined,
      'quit',
    ]);
    expect(mac.at(-1)?.submenu).toEqual([]);
  });

  it('labels every item in Korean when asked, the app name kept', () => {
    const ko = buildMenuTemplate(actions({ platform: 'darwin', language: 'ko' }));
    expect(findMenuItem(ko, (i) => i.role === 'quit')?.label).toBe('Loopchat 종료');
    const unlabeled = JSON.stringify(ko).match(/\{"role":"\w+"/g);
    expect(unlabeled).toBeNull();
    expect(findMenuItem(ko, (i) => i.label === '새 창')?.accelerator).toBe('CmdOrCtrl+N');
  });
});
