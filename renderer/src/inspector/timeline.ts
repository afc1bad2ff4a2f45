// The event inspector's recording: a bounded timeline of one window's WebSocket (frames in
// and out, socket events, readyState changes) with live traffic stats and round-trip times
// (measured by the chat client, client/round-trips.ts, and handed in). DOM-free, so it is unit-tested in Node; the view (view.ts) only reads it.
//
// Decisions: pausing stops adding entries (and counts what was skipped) but the stats keep
// counting, since they describe the connection, not the view. Clearing empties the entries
// and the dropped/skipped counts but keeps the stats. Export always holds every kept entry,
// whatever the filters show.

import type { CloseInfo, WireRecord } from '../../../client/client-types';
import { READY_STATES } from '../../../client/ready-state';
import type { RoundTripStats } from '../../../client/round-trips';
import { utf8Length } from '../../../protocol/utf8-length';
import { closeReasonText, noticeText } from '../connection/client-text';
import { t } from '../i18n';
import { hexView, TransferNames, type ChunkLabel } from './binary-frames';
import { matches, type Direction, type InspectorEntry, type TimelineFilter } from './entries';

export const DEFAULT_LIMIT = 1000;

export interface TrafficStats {
  messagesIn: number;
  messagesOut: number;
  /** Binary frames (opcode 2), counted apart from text messages; their bytes are in bytesIn/Out. */
  binaryIn: number;
  binaryOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Round-trip times of the app-level ping → pong, ms. */
  rttLastMs: number | null;
  rttAvgMs: number | null;
  rttSamples: number;
}

export interface ExportedEntry {
  seq: number;
  at: number;
  time: string;
  direction: Direction;
  type: string;
  summary: string;
  bytes?: number;
  /** The frame parsed as JSON; `raw` instead when it is not JSON. */
  message?: unknown;
  raw?: string;
  close?: CloseInfo;
}

export interface TimelineExport {
  format: 'loopchat.inspector.v1';
  exportedAt: string;
  limit: number;
  dropped: number;
  skippedWhilePaused: number;
  stats: TrafficStats;
  entries: ExportedEntry[];
}

/** Frames the hub sends of its own accord: never the answer to what a window sent. */
const UNSOLICITED = new Set(['push', 'presence', 'typing', 'announcement']);

// Long enough to show a whole ordinary frame; the row cuts it visually with an ellipsis.
const PREVIEW_CHARS = 400;

/** A close's reason as the window shows it: a close that never came says so. */
function shownReason(record: Extract<WireRecord, { kind: 'close' }>): string {
  return closeReasonText({ reason: record.close.reason, abandoned: record.abandoned });
}

function binarySummary(size: number, chunk: ChunkLabel | null): string {
  if (!chunk) return t('inspector.ev.binary', { bytes: size });
  return t('inspector.ev.chunk', {
    bytes: size,
    index: chunk.index,
    final: chunk.final ? t('inspector.ev.chunkFinal') : '',
    transfer: chunk.belongsTo ?? `#${chunk.transfer}`,
  }).trim();
}

function describe(record: Exclude<WireRecord, { kind: 'frame' | 'binary' }>): string {
  switch (record.kind) {
    case 'event':
      switch (record.name) {
        case 'connecting':
          return t('inspector.ev.connecting', { url: record.detail });
        case 'open':
          return t('inspector.ev.open', { protocol: record.detail || '—' });
        case 'error':
          return t('inspector.ev.error', { detail: record.detail }).trim();
      }
      return '';
    case 'notice':
      return noticeText(record.notice);
    case 'close':
      return t('inspector.ev.close', {
        code: record.close.code,
        meaning: record.meaning,
        reason: shownReason(record),
        clean: String(record.close.wasClean),
      });
    case 'state':
      return t('inspector.ev.state', {
        name: READY_STATES[record.readyState],
        value: record.readyState,
      });
  }
}

export class Timeline {
  readonly limit: number;
  /** Kept entries, oldest first, starting at `head` (cheap drop-from-front). */
  private buffer: InspectorEntry[] = [];
  private head = 0;
  private nextSeq = 1;
  private droppedCount = 0;
  private skippedCount = 0;
  private isPaused = false;
  readonly stats: TrafficStats = {
    messagesIn: 0,
    messagesOut: 0,
    binaryIn: 0,
    binaryOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    rttLastMs: null,
    rttAvgMs: null,
    rttSamples: 0,
  };
  private readonly seenTypes = new Set<string>();
  /** Which upload or download each chunk number stands for, from the frames that started them. */
  private readonly transfers = new TransferNames();
  /** The newest raw frame sent that the hub has not answered yet (its seq). */
  private awaitingAnswer: number | null = null;

  constructor(limit = DEFAULT_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be >= 1');
    this.limit = limit;
  }

  get size(): number {
    return this.buffer.length - this.head;
  }
  /** How many entries were discarded to stay within `limit` since the last clear. */
  get dropped(): number {
    return this.droppedCount;
  }
  /** How many entries were not recorded while paused since the last clear. */
  get skippedWhilePaused(): number {
    return this.skippedCount;
  }
  get paused(): boolean {
    return this.isPaused;
  }

  setPaused(paused: boolean): void {
    this.isPaused = paused;
  }

  /** Counts the record into the stats, and keeps it as an entry unless paused. */
  record(record: WireRecord): InspectorEntry | null {
    if (record.kind === 'frame') {
      this.count(record);
      this.transfers.seen(record.direction, record.data);
    }
    if (record.kind === 'binary') this.countBinary(record);
    if (this.isPaused) {
      this.skippedCount++;
      return null;
    }
    const entry = this.toEntry(record);
    this.buffer.push(entry);
    this.seenTypes.add(entry.type);
    if (this.size > this.limit) {
      this.head++;
      this.droppedCount++;
      // Compact now and then so the array does not keep every dropped slot.
      if (this.head >= this.limit) {
        this.buffer = this.buffer.slice(this.head);
        this.head = 0;
      }
    }
    return entry;
  }

  /** The client's latest round-trip stats (it matches pings to pongs; see RoundTrips). */
  setRoundTrip(roundTrip: RoundTripStats): void {
    this.stats.rttLastMs = roundTrip.lastMs;
    this.stats.rttAvgMs = roundTrip.avgMs;
    this.stats.rttSamples = roundTrip.samples;
  }

  clear(): void {
    this.buffer = [];
    this.head = 0;
    this.droppedCount = 0;
    this.skippedCount = 0;
    this.seenTypes.clear();
  }

  /** Kept entries, oldest first. */
  entries(): InspectorEntry[] {
    return this.buffer.slice(this.head);
  }

  /** The types present among kept entries, sorted, for the type filter. */
  types(): string[] {
    return [...this.seenTypes].sort();
  }

  filter(filter: TimelineFilter): InspectorEntry[] {
    return this.entries().filter((entry) => matches(entry, filter));
  }

  export(now: number): TimelineExport {
    return {
      format: 'loopchat.inspector.v1',
      exportedAt: new Date(now).toISOString(),
      limit: this.limit,
      dropped: this.droppedCount,
      skippedWhilePaused: this.skippedCount,
      stats: { ...this.stats },
      entries: this.entries().map(exportEntry),
    };
  }

  private countBinary(frame: Extract<WireRecord, { kind: 'binary' }>): void {
    if (frame.direction === 'in') {
      this.stats.binaryIn++;
      this.stats.bytesIn += frame.size;
    } else {
      this.stats.binaryOut++;
      this.stats.bytesOut += frame.size;
    }
  }

  private count(frame: Extract<WireRecord, { kind: 'frame' }>): void {
    const bytes = utf8Length(frame.data);
    if (frame.direction === 'in') {
      this.stats.messagesIn++;
      this.stats.bytesIn += bytes;
    } else {
      this.stats.messagesOut++;
      this.stats.bytesOut += bytes;
    }
  }

  /** The raw frame this record answers: the first solicited frame or close after it. */
  private answers(record: WireRecord, seq: number): number | null {
    const awaiting = this.awaitingAnswer;
    const isFrame = record.kind === 'frame' || record.kind === 'binary';
    if (isFrame && record.direction === 'out') {
      if (record.raw) this.awaitingAnswer = seq;
      return null;
    }
    const isAnswer =
      record.kind === 'close' ||
      record.kind === 'binary' ||
      (record.kind === 'frame' && !UNSOLICITED.has(record.messageType));
    if (awaiting === null || !isAnswer) return null;
    this.awaitingAnswer = null;
    return awaiting;
  }

  private toEntry(record: WireRecord): InspectorEntry {
    const base = { seq: this.nextSeq++, at: record.at };
    const answerTo = this.answers(record, base.seq);
    const raw = 'raw' in record && record.raw === true;
    switch (record.kind) {
      case 'frame':
        return {
          ...base,
          direction: record.direction,
          type: record.messageType,
          bytes: utf8Length(record.data),
          data: record.data,
          raw,
          answerTo,
          summary:
            record.messageType === 'binary'
              ? t('inspector.ev.binary')
              : record.data.slice(0, PREVIEW_CHARS),
        };
      case 'binary': {
        const chunk = this.transfers.label(record.direction, record.head);
        return {
          ...base,
          direction: record.direction,
          type: 'binary',
          bytes: record.size,
          data: hexView(record.head),
          binary: { head: record.head, chunk },
          raw,
          answerTo,
          summary: binarySummary(record.size, chunk),
        };
      }
      case 'event':
        return {
          ...base,
          direction: 'event',
          type: record.name,
          close: null,
          answerTo: null,
          summary: describe(record),
        };
      case 'notice':
        return {
          ...base,
          direction: 'event',
          type: 'notice',
          close: null,
          answerTo: null,
          summary: describe(record),
        };
      case 'close':
        return {
          ...base,
          direction: 'event',
          type: 'close',
          close: { ...record.close, reason: shownReason(record) },
          answerTo,
          summary: describe(record),
        };
      case 'state':
        return {
          ...base,
          direction: 'state',
          type: READY_STATES[record.readyState],
          readyState: record.readyState,
          summary: describe(record),
        };
    }
  }
}

function exportEntry(entry: InspectorEntry): ExportedEntry {
  const out: ExportedEntry = {
    seq: entry.seq,
    at: entry.at,
    time: new Date(entry.at).toISOString(),
    direction: entry.direction,
    type: entry.type,
    summary: entry.summary,
  };
  switch (entry.direction) {
    case 'in':
    case 'out':
      out.bytes = entry.bytes;
      try {
        out.message = JSON.parse(entry.data) as unknown;
      } catch {
        out.raw = entry.data;
      }
      break;
    case 'event':
      if (entry.close) out.close = { ...entry.close };
      break;
    case 'state':
      break;
  }
  return out;
}
