import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, findMenuItem, type MenuActions } from './menu';

function actions(extra: Partial<MenuActions> = {}): MenuActions {
  return {
    platform: 'linux',
    appName: 'Loopchat',
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
