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
