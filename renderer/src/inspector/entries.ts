// What the inspector records: one entry per frame, socket event or readyState change, and the
// filter the list is shown through. Plain data, shared by the timeline and its views.

import type { CloseInfo } from '../../../client/client-types';
import type { ChunkLabel } from './binary-frames';

export type Direction = 'in' | 'out' | 'event' | 'state';

interface EntryBase {
  /** Increases by one per recorded entry, for the whole session (survives clear). */
  seq: number;
  at: number;
  direction: Direction;
  /** The parsed message type for frames, the event name, or the readyState name. */
  type: string;
  /** One line for the collapsed row, and what the search box matches with `data`. */
  summary: string;
}

export interface FrameEntry extends EntryBase {
  direction: 'in' | 'out';
  /** Exact UTF-8 size of the frame's text; a binary frame's size in bytes. */
  bytes: number;
  /** The text; for a binary frame, its first bytes as hex. */
  data: string;
  /** A binary frame (opcode 2): its first bytes and the chunk it is. */
  binary?: { head: Uint8Array; chunk: ChunkLabel | null };
  /** Written by the raw frame composer. */
  raw: boolean;
  /** The raw frame (its seq) this frame is the hub's answer to. */
  answerTo: number | null;
}

export interface EventEntry extends EntryBase {
  direction: 'event';
  close: CloseInfo | null;
  /** The raw frame (its seq) this close answered. */
  answerTo: number | null;
}

export interface StateEntry extends EntryBase {
  direction: 'state';
  readyState: number;
}

export type InspectorEntry = FrameEntry | EventEntry | StateEntry;

export interface TimelineFilter {
  direction: Direction | 'all';
  /** A message/event type, or 'all'. */
  type: string;
  /** Case-insensitive substring of the summary or the frame text. */
  text: string;
}

export const NO_FILTER: TimelineFilter = { direction: 'all', type: 'all', text: '' };

export function matches(entry: InspectorEntry, filter: TimelineFilter): boolean {
  if (filter.direction !== 'all' && entry.direction !== filter.direction) return false;
  if (filter.type !== 'all' && entry.type !== filter.type) return false;
  const needle = filter.text.trim().toLowerCase();
  if (entry.summary.toLowerCase().includes(needle)) return true;
  return 'data' in entry && entry.data.toLowerCase().includes(needle);
}

/** Pretty JSON for an expanded frame; the text itself when it is not JSON. */
export function prettyFrame(data: string): string {
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    return data;
  }
}
