// The main-process side of `window.loopchat.getConfig()`. The answer holds a hub token, so
// it goes only to the top-level frame of one of our own windows showing one of our pages;
// anything else (an unknown webContents, an iframe, a page that got elsewhere) is refused.
// Chat windows get the chat token; only the server console window gets the console token.

import { CONFIG_CHANNEL, type WindowConfig } from '../protocol/bridge';
import type { InvokeEvent, IpcMainApi } from './electron-api';
import { CONSOLE_SLOT, type WindowSlot } from './windows';

export interface ConfigSource {
  hubUrl: string;
  token: string;
  /** The server console's capability: stop the hub, disconnect windows. */
  consoleToken: string;
  slotFor(webContentsId: number): WindowSlot | undefined;
  isTrusted(url: string): boolean;
}

export class UntrustedSenderError extends Error {
  override name = 'UntrustedSenderError';
}

/** Who may ask the main process anything: the top-level frame of our window, on our page. */
export type SenderCheck = Pick<ConfigSource, 'slotFor' | 'isTrusted'>;

/** The asking window's slot; throws naming `what` was refused, and why, for anyone else. */
export function trustedSlot(event: InvokeEvent, source: SenderCheck, what: string): WindowSlot {
  const frame = event.senderFrame;
  if (frame === null) throw new UntrustedSenderError(`${what} refused: the frame is gone`);
  if (frame.parent !== null) {
    throw new UntrustedSenderError(`${what} refused: only a top-level frame may ask`);
  }
  if (!source.isTrusted(frame.url)) {
    throw new UntrustedSenderError(`${what} refused: the page is not a Loopchat page`);
  }
  const slot = source.slotFor(event.sender.id);
  if (!slot) throw new UntrustedSenderError(`${what} refused: not a Loopchat window`);
  return slot;
}

export function resolveConfig(event: InvokeEvent, source: ConfigSource): WindowConfig {
  const slot = trustedSlot(event, source, 'getConfig');
  return {
    hubUrl: source.hubUrl,
    token: slot === CONSOLE_SLOT ? source.consoleToken : source.token,
    windowKey: slot.windowKey,
    defaultName: slot.defaultName,
  };
}

export function registerConfigHandler(ipcMain: IpcMainApi, source: ConfigSource): void {
  ipcMain.handle(CONFIG_CHANNEL, (event) => resolveConfig(event, source));
}
