// "Save" on a received file, in the desktop app: the page hands the main process the file's
// name and bytes (window.loopchat.saveFile, with the same sender checks as every other IPC
// handler), the main process asks where with the system's save dialog, modal to that window,
// and writes exactly those bytes there. Closing the dialog writes nothing. One dialog at a time
// per window: the bytes wait in the main process while it is open, so a page asking again and
// again cannot pile up dialogs or payloads.

import { join } from 'node:path';
import { ATTACHMENT_LIMITS } from '../protocol/attachment-limits';
import {
  isSaveFileRequest,
  SAVE_FILE_CHANNEL,
  type SaveFileRequest,
  type SaveFileResult,
} from '../protocol/bridge';
import { trustedSlot, type SenderCheck } from './config-ipc';
import type { ElectronApi, InvokeEvent, IpcMainApi } from './electron-api';
import { CONSOLE_SLOT, type WindowRegistry } from './windows';

export interface SaveFileDeps {
  electron: Pick<ElectronApi, 'showSaveDialog'>;
  /** The user's Downloads folder, where the dialog opens (app.getPath('downloads')). */
  downloadsFolder(): string;
  windows: Pick<WindowRegistry, 'windowFor'>;
  senders: SenderCheck;
  /** Writes the file whole, replacing one the user chose to overwrite. */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  log(line: string): void;
}

/** The save-file IPC handler: from our windows only, a checked request, the dialog, the write. */
export function registerSaveFileHandler(ipcMain: IpcMainApi, deps: SaveFileDeps): void {
  // The webContents whose save dialog is open.
  const saving = new Set<number>();
  ipcMain.handle(SAVE_FILE_CHANNEL, async (event, request) => {
    checkRequest(deps, event, request);
    const id = event.sender.id;
    if (saving.has(id)) throw new Error('saveFile refused: a save dialog is already open');
    saving.add(id);
    try {
      return await saveFile(deps, event, request);
    } finally {
      saving.delete(id);
    }
  });
}

function checkRequest(
  deps: SaveFileDeps,
  event: InvokeEvent,
  request: unknown,
): asserts request is SaveFileRequest {
  trustedSlot(event, deps.senders, 'saveFile');
  const from = deps.windows.windowFor(event.sender.id);
  if (!from) throw new Error('saveFile refused: not a Loopchat window');
  // Only a chat window has received files; the console has none to save.
  if (from.slot === CONSOLE_SLOT) throw new Error('saveFile refused: the server console');
  // The buffer too, not only the view: IPC carries a typed array's whole buffer.
  if (
    !isSaveFileRequest(request) ||
    request.bytes.buffer.byteLength > ATTACHMENT_LIMITS.maxFileBytes
  ) {
    throw new TypeError('saveFile refused: a file name and at most one attachment of bytes');
  }
}

async function saveFile(
  deps: SaveFileDeps,
  event: InvokeEvent,
  request: SaveFileRequest,
): Promise<SaveFileResult> {
  const from = deps.windows.windowFor(event.sender.id);
  if (!from) throw new Error('saveFile refused: not a Loopchat window');
  const { canceled, filePath } = await deps.electron.showSaveDialog(from.window, {
    // The full path: given a bare name, macOS and Windows open the folder used last. The name
    // is a checked file name (fileNameRefusal), so it cannot lead out of the folder.
    defaultPath: join(deps.downloadsFolder(), request.name),
    // Linux asks before overwriting only when told to; macOS and Windows always ask.
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (canceled || filePath === '') return 'canceled';
  await deps.writeFile(filePath, request.bytes);
  deps.log(`[app] saved ${request.bytes.byteLength} bytes to ${filePath}`);
  return 'saved';
}
