// Korean UI strings, one file per area under ko/ like en/. Each area is typed by the English
// keys of that area, so a missing or misspelt key does not compile.

import type { MessageKey } from './en';
import { koChat } from './ko/chat';
import { koConsole } from './ko/console';
import { koInspector } from './ko/inspector';

export const ko: Record<MessageKey, string> = { ...koChat, ...koInspector, ...koConsole };
