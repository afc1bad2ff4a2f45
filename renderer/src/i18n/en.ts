// English UI strings: the source of truth for keys (MessageKey is keyof this table).
// One file per area under en/; a new string goes in the area whose screen shows it.

import { enChat } from './en/chat';
import { enConsole } from './en/console';
import { enInspector } from './en/inspector';

export const en = { ...enChat, ...enInspector, ...enConsole } as const;

export type MessageKey = keyof typeof en;
