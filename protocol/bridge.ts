// The one API the Electron preload exposes to a window (as `window.loopchat`). In browser
// mode there is no preload: the renderer derives the same WindowConfig from its own URL.

import { ATTACHMENT_LIMITS } from './attachment-limits';
import { fileNameRefusal } from './upload-validate';

export interface WindowConfig {
  /** ws:// URL of the hub, always on 127.0.0.1. */
  hubUrl: string;
  /**
   * Per-launch secret the hub requires in the subprotocol list, for this page's role: a chat
   * window gets the chat token, the server console the console token (never both).
   */
  token: string;
  /** Stable per window across restarts (Electron) or per tab (browser mode). */
  windowKey: string;
  /** Name to use until the user picks one. */
  defaultName: string;
}

/** A message that arrived while no Loopchat window had focus, to show as a desktop notification. */
export interface NotificationRequest {
  /** The message's id, handed back when the user clicks the notification. */
  messageId: string;
  /** The sender's name. */
  title: string;
  /** The message text, as text. */
  body: string;
}

/** A received file the user asked to save: its name as the message gives it, and its bytes. */
export interface SaveFileRequest {
  name: string;
  bytes: Uint8Array;
}

/** Whether the file was written, or the user closed the save dialog without choosing. */
export type SaveFileResult = 'saved' | 'canceled';

export interface LoopchatBridge {
  getConfig(): Promise<WindowConfig>;
  /** Shows a desktop notification for this window (the main process re-checks focus). */
  notify(request: NotificationRequest): Promise<void>;
  /** This window's unread count, for the dock/taskbar badge; 0 clears it. */
  setUnread(count: number): Promise<void>;
  /** Called with a message id when the user clicks that message's notification. */
  onShowMessage(listener: (messageId: string) => void): void;
  /** Asks where to save a received file (the save dialog), then writes exactly its bytes. */
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
}

export const BRIDGE_KEY = 'loopchat';
export const CONFIG_CHANNEL = 'loopchat:get-config';
export const NOTIFY_CHANNEL = 'loopchat:notify';
export const UNREAD_CHANNEL = 'loopchat:set-unread';
export const SAVE_FILE_CHANNEL = 'loopchat:save-file';
/** Main process to window: the user clicked the notification for this message. */
export const SHOW_MESSAGE_CHANNEL = 'loopchat:show-message';

/** Caps on what a page may put in a notification: a name and the start of a message. */
export const NOTIFICATION_LIMITS = { messageId: 128, title: 100, body: 300, unread: 1_000_000 };

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length <= max;

/** The main process checks what a page asks to show: strings, within the caps, nothing else. */
export function isNotificationRequest(value: unknown): value is NotificationRequest {
  return (
    isFields(value) &&
    Object.keys(value).length === 3 &&
    isText(value.messageId, NOTIFICATION_LIMITS.messageId) &&
    value.messageId !== '' &&
    isText(value.title, NOTIFICATION_LIMITS.title) &&
    isText(value.body, NOTIFICATION_LIMITS.body)
  );
}

export function isUnreadCount(value: unknown): value is number {
  return (
    Number.isSafeInteger(value) &&
    (value as number) >= 0 &&
    (value as number) <= NOTIFICATION_LIMITS.unread
  );
}

/**
 * What a page may ask to save: a name that is a file name (the rule uploads follow) and bytes
 * no larger than one attachment may be, nothing else.
 */
export function isSaveFileRequest(value: unknown): value is SaveFileRequest {
  return (
    isFields(value) &&
    Object.keys(value).length === 2 &&
    typeof value.name === 'string' &&
    fileNameRefusal(value.name) === null &&
    value.bytes instanceof Uint8Array &&
    value.bytes.byteLength <= ATTACHMENT_LIMITS.maxFileBytes
  );
}
