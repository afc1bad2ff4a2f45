// Hub events in words, for the console's event list, in the page's language. Close codes
// carry their RFC 6455 meaning, so "1001" on screen says what it is.

import type { HubEvent, NetworkCondition, UploadNews } from '../../../protocol/console';
import { CLOSE_CODES, describeCloseCode } from '../../../protocol/close-codes';
import { t } from '../i18n';

export interface EventText {
  title: string;
  /** A second line (reason, origin, explanation); empty when there is none. */
  detail: string;
  /** Lines shown when the entry is expanded (headers). */
  more: string[];
}

const text = (title: string, detail = '', more: string[] = []): EventText => ({
  title,
  detail,
  more,
});

/** "1001 Going Away". */
export function closeCodeText(code: number): string {
  return `${code} ${describeCloseCode(code)}`;
}

function closeDetail(reason: string, wasClean: boolean): string {
  const why = reason
    ? t('event.closeReason', { reason: JSON.stringify(reason) })
    : t('event.closeNoReason');
  return `${why} ${t(wasClean ? 'event.clean' : 'event.notClean')}`;
}

/** "300 ms of added latency", in the page's language. */
export function conditionText(condition: NetworkCondition): string {
  switch (condition.kind) {
    case 'latency':
      return t('network.latency', { ms: condition.ms });
    case 'bandwidth':
      return t('network.bandwidth', { rate: condition.bytesPerSecond });
    case 'pause':
      return t('network.pause');
  }
}

/** The events about one connection (`#n`): its handshake, hello, heartbeat and close. */
type ConnectionEvent = Extract<
  HubEvent,
  {
    kind:
      | 'connection'
      | 'headers'
      | 'hello'
      | 'close'
      | 'error'
      | 'ping'
      | 'pong'
      | 'heartbeat-timeout'
      | 'slow'
      | 'disconnect'
      | 'network'
      | 'network-lifted'
      | 'upload';
  }
>;

export function describeEvent(event: HubEvent): EventText {
  switch (event.kind) {
    case 'listening':
      return text(t('event.listening', { url: event.url }));
    case 'stopped':
      return text(t('event.stopped', { url: event.url }));
    case 'port-fallback':
      return text(t('event.portFallback', { port: event.wanted }));
    case 'service':
      return event.running
        ? text(t('event.serverStarted'), t('event.serverStartedDetail'))
        : text(
            t('event.serverStopped'),
            t('event.serverStoppedDetail', { code: closeCodeText(CLOSE_CODES.goingAway.code) }),
          );
    case 'wsClientError':
      return text(t('event.badHandshake', { address: event.address }), event.message);
    case 'clientError':
      return text(t('event.badHttp'), event.message);
    case 'rejected':
      return text(
        t('event.rejected', { address: event.address, status: event.status }),
        event.reason,
      );
    case 'announcement':
      return text(t('event.announcement'), event.text);
    case 'push-interval':
      return text(t('event.pushInterval', { ms: event.ms }));
    case 'deflate':
      return text(t(event.on ? 'event.deflateOn' : 'event.deflateOff'), t('event.deflateDetail'));
    case 'not-saving':
      return text(
        t('event.notSaving', { problem: t(`saveProblem.${event.problem}`) }),
        t('event.notSavingDetail', { detail: event.detail }),
      );
    case 'saving-again':
      return text(t('event.savingAgain'), t('event.savingAgainDetail'));
    default:
      return describeConnectionEvent(event);
  }
}

function describeConnectionEvent(event: ConnectionEvent): EventText {
  switch (event.kind) {
    case 'connection':
      return text(
        t(event.role === 'console' ? 'event.consoleConnected' : 'event.windowConnected', {
          client: event.connection,
          address: event.address,
        }),
        t('event.origin', { origin: event.origin || t('event.noOrigin') }),
        event.headers.map(([name, value]) => `${name}: ${value}`),
      );
    case 'headers':
      return text(
        t('event.handshakeResponse', { client: event.connection }),
        event.lines[0] ?? '',
        event.lines.slice(1),
      );
    case 'hello':
      return text(
        t('event.hello', { client: event.connection, name: JSON.stringify(event.name) }),
        t(event.history === 'resume' ? 'event.resumed' : 'event.newHistory', {
          count: event.replayed,
        }),
      );
    case 'close':
      return text(
        t('event.closed', { client: event.connection, code: closeCodeText(event.code) }),
        closeDetail(event.reason, event.wasClean),
      );
    case 'error':
      return text(
        event.connection === null
          ? t('event.serverError')
          : t('event.clientError', { client: event.connection }),
        event.message,
      );
    case 'ping':
      return text(t('event.ping', { client: event.connection }), t('event.pingDetail'));
    case 'pong':
      return text(t('event.pong', { client: event.connection }), t('event.pongDetail'));
    case 'heartbeat-timeout':
      return text(
        t('event.missedPongs', { client: event.connection, missed: event.missed }),
        t('event.missedPongsDetail'),
      );
    case 'slow':
      return text(
        t('event.slow', { client: event.connection }),
        t('event.slowDetail', { bytes: event.bufferedAmount }),
      );
    case 'disconnect':
      return text(
        t('event.disconnect', { client: event.connection, code: closeCodeText(event.code) }),
        event.reason
          ? t('event.disconnectReason', { reason: JSON.stringify(event.reason) })
          : t('event.disconnectNoReason'),
      );
    case 'network':
      return text(
        t('event.network', {
          client: event.connection,
          condition: conditionText(event.condition),
          seconds: event.seconds,
        }),
        t('event.networkDetail'),
      );
    case 'network-lifted':
      return text(
        t(event.why === 'expired' ? 'event.networkExpired' : 'event.networkLifted', {
          client: event.connection,
        }),
        t('event.networkReleased', { bytes: event.releasedBytes }),
      );
    case 'upload':
      return uploadText(event.connection, event.upload);
  }
}

function uploadText(client: number, news: UploadNews): EventText {
  switch (news.state) {
    case 'accepted':
      return text(
        t('event.uploadAccepted', { client, name: JSON.stringify(news.name) }),
        t(news.fromByte > 0 ? 'event.uploadResumed' : 'event.uploadSize', {
          bytes: news.size,
          from: news.fromByte,
        }),
      );
    case 'progress':
      return text(t('event.uploadProgress', { client, bytes: news.receivedBytes }));
    case 'complete':
      return text(
        t('event.uploadComplete', { client }),
        t('event.uploadSize', { bytes: news.size }),
      );
    case 'failed':
      return text(t('event.uploadFailed', { client, code: news.code }), news.message);
  }
}
