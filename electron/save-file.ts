// "Save" on a received file, in the desktop app: the page hands the main process the file's
// name and bytes (window.loopchat.saveFile, with the same sender checks as every other IPC
// handler), the main process asks where with the system's save dialog, modal to that window,
// and writes exactly those bytes there. Closing the dialog writes nothing.

import { isSaveFileRequest, SAVE_FILE_CHANNEL, type SaveFileResult } from '../protocol/bridge';
import { trustedSlot, type SenderCheck } from './config-ipc';
import type { ElectronApi, InvokeEvent, IpcMainApi } from './electron-api';
import type { WindowRegistry } from './windows';

export interface SaveFileDeps {
  electron: Pick<ElectronApi, 'showSaveDialog'>;
  windows: Pick<WindowRegistry, 'windowFor'>;
  senders: SenderCheck;
  /** Writes the file whole, replacing one the user chose to overwrite. */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  log(line: string): void;
}

/** The save-file IPC handler: from our windows only, a checked request, the dialog, the write. */
export function registerSaveFileHandler(ipcMain: IpcMainApi, deps: SaveFileDeps): void {
  ipcMain.handle(SAVE_FILE_CHANNEL, (event, request) => saveFile(deps, event, request));
}

async function saveFile(
  deps: SaveFileDeps,
  event: InvokeEvent,
  request: unknown,
): Promise<SaveFileResult> {
  trustedSlot(event, deps.senders, 'saveFile');
  const from = deps.windows.windowFor(event.sender.id);
  if (!from) throw new Error('saveFile refused: not a Loopchat window');
  if (!isSaveFileRequest(request)) {
    throw new TypeError('saveFile refused: a file name and at most one attachment of bytes');
  }
  const { canceled, filePath } = await deps.electron.showSaveDialog(from.window, {
    // A bare name: the dialog opens in the user's Downloads folder with it filled in.
    defaultPath: request.name,
    // Linux asks before overwriting only when told to; macOS and Windows always ask.
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (canceled || filePath === '') return 'canceled';
  await deps.writeFile(filePath, request.bytes);
  deps.log(`[app] saved ${request.bytes.byteLength} bytes to ${filePath}`);
  return 'saved';
}
