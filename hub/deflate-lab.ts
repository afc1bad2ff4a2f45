// The client lab's permessage-deflate scenario (RFC 7692), spoken by hand over the lab's own
// raw TCP socket like the frame anatomy: the lab offers the extension in its upgrade request,
// the hub accepts it in the 101 (this connection is offered compression whatever the console's
// setting for windows), the hub's side reports ws.extensions, and then a few payloads go each
// way with their size raw and on the wire. Both sides agree on no context takeover, so every
// message is compressed on its own and the lab can inflate each with one call; the hub then
// compresses only messages of 1 KiB or more (ws's threshold), which the RSV1 bit shows. Last, a
// frame of about a hundred bytes that inflates past the hub's maxPayload: closed with 1009.

import { randomBytes } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { HubEvent } from '../protocol/console';
import type { LabEventBody } from '../protocol/lab';
import { LIMITS } from '../protocol/messages';
import { decodeFrame, encodeFrame, OPCODES } from '../protocol/ws-frame';
import {
  anatomyOf,
  readHub,
  upgradeRequest,
  type AnatomyTarget,
  type SendFrame,
} from './frame-anatomy';
import { isEvent, type Run } from './lab-run';
import { redact } from './log';

/** What the lab offers: permessage-deflate, each message compressed on its own both ways. */
export const DEFLATE_OFFER =
  'permessage-deflate; client_no_context_takeover; server_no_context_takeover';

/** RFC 7692 §7.2.1: a compressed message drops the flush's final 00 00 FF FF… */
const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

export function deflateMessage(payload: Uint8Array): Uint8Array {
  const out = deflateRawSync(payload, { finishFlush: constants.Z_SYNC_FLUSH });
  return new Uint8Array(out.subarray(0, out.length - TAIL.length));
}

/** …which the receiver appends again before inflating (§7.2.2). */
export function inflateMessage(payload: Uint8Array): Uint8Array {
  return new Uint8Array(
    inflateRawSync(Buffer.concat([payload, TAIL]), { finishFlush: constants.Z_SYNC_FLUSH }),
  );
}

type FrameEvent = Extract<LabEventBody, { name: 'frame' }>;

const hubFrame =
  (check: (frame: FrameEvent) => boolean) =>
  (e: LabEventBody): e is FrameEvent =>
    e.name === 'frame' && e.from === 'server' && check(e);

const isConnectionFrom =
  (address: string) =>
  (e: HubEvent): e is Extract<HubEvent, { kind: 'connection' }> =>
    e.kind === 'connection' && e.address === address;

const text = (value: string) => new Uint8Array(Buffer.from(value, 'utf8'));

export async function deflateLab(run: Run, target: AnatomyTarget) {
  const socket = connectTcp(target.port, '127.0.0.1');
  run.cleanups.push(() => socket.destroy());
  /** Sends one message, compressed (RSV1) when `compress`. */
  const sendMessage = (payload: Uint8Array, compress = true): void => {
    if (socket.destroyed) return;
    const wire = compress ? deflateMessage(payload) : payload;
    const bytes = encodeFrame({
      fin: true,
      rsv1: compress,
      opcode: OPCODES.text,
      payload: wire,
      maskKey: randomBytes(4),
    });
    const frame = decodeFrame(bytes);
    if (frame) {
      const shown = compress ? payload : undefined;
      run.event({ name: 'frame', ...anatomyOf('client', bytes, frame, shown) });
    }
    socket.write(bytes);
  };
  const sendControl: SendFrame = (parts) => {
    if (!socket.destroyed) socket.write(encodeFrame({ ...parts, maskKey: randomBytes(4) }));
  };
  readHub(run, socket, sendControl, inflateMessage);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const request = upgradeRequest(target, `Sec-WebSocket-Extensions: ${DEFLATE_OFFER}\r\n`);
  socket.write(request);
  run.event({
    name: 'raw-request',
    text: redact(request.replace(target.labHeader[1], '<lab key>')),
  });
  const head = await run.waitFor(isEvent('raw-response'));
  const accepted = /^sec-websocket-extensions: *(.*)$/im.exec(head.text)?.[1]?.trim() ?? '';
  if (!head.text.startsWith('HTTP/1.1 101') || !accepted.startsWith('permessage-deflate')) {
    const detail = `${head.text.split('\r\n')[0] ?? ''}; extensions “${accepted}”`;
    return { outcome: 'unexpected' as const, detail };
  }
  // The hub's side of this very connection: its remote port is our local one.
  const hubSide = await run.waitForHub(isConnectionFrom(`127.0.0.1:${socket.localPort}`));
  run.event({
    name: 'hub-extensions',
    connection: hubSide.connection,
    extensions: hubSide.extensions,
  });

  const secret = randomBytes(24).toString('base64url');
  sendMessage(text(JSON.stringify({ type: 'hello', secret, name: 'Deflate lab', resume: null })));
  await run.waitFor(hubFrame((f) => f.text.includes('"type":"welcome"')));
  // Repetitive text (compresses well), short text (under the threshold: the hub sends it
  // uncompressed) and random text (hardly compresses at all).
  const payloads = [
    ['deflate-1', 'la '.repeat(1300)],
    ['deflate-2', 'short and sweet'],
    ['deflate-3', randomBytes(1800).toString('base64').slice(0, 2400)],
  ] as const;
  for (const [id, body] of payloads) {
    sendMessage(text(JSON.stringify({ type: 'chat', id, text: body })));
    await run.waitFor(hubFrame((f) => f.text.includes(`"id":"${id}"`)));
  }
  // A compressed frame of about a hundred bytes whose message inflates past maxPayload.
  sendMessage(new Uint8Array(LIMITS.maxFrameBytes + 1).fill(0x20));
  const close = await run.waitFor(hubFrame((f) => f.opcodeName === 'close'));
  await run.waitFor(isEvent('close'));
  const compressedByHub = run.countMatching(hubFrame((f) => f.rsv[0]));
  const detail =
    `${accepted}; hub side: ws.extensions “${hubSide.extensions}”; ` +
    `${compressedByHub} hub frames with RSV1; close ${close.closeCode} on the inflated frame`;
  return hubSide.extensions === 'permessage-deflate' &&
    compressedByHub > 0 &&
    close.closeCode === 1009
    ? { outcome: 'expected' as const, detail }
    : { outcome: 'unexpected' as const, detail };
}
