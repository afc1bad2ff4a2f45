// Every UI string, in English and Korean, behind one `t(key, params)` call. The language
// follows the OS (navigator.languages): ko* → Korean, anything else → English.
//
// To add a string: add the key to `en` (the source of truth for keys), then to `ko` — the
// type checker refuses a `ko` table with a missing key. Placeholders are `{name}`; a `t()`
// call fills them from `params`, and leaves unknown ones visible so a typo shows on screen.
// DOM-free: main.ts calls `setLanguage(pickLanguage(navigator.languages))` once at start.

const en = {
  // App chrome
  'app.title': 'Loopchat',
  'app.titleWithName': 'Loopchat — {name}',
  'app.titleUnread': '({count}) Loopchat — {name}',
  'app.skipToComposer': 'Skip to message box',
  'app.startFailed': 'Loopchat failed to start: {error}',
  'app.notStarted': 'not started',

  // Identity / rename
  'name.youAre': 'You are',
  'name.label': 'Your name',
  'name.rename': 'Rename',
  'name.save': 'Save',
  'name.empty': 'Please enter a name.',
  'name.tooLong': 'At most {max} characters.',

  // Chat + composer
  'chat.heading': 'Chat',
  'chat.history': 'Chat history',
  'composer.label': 'Message',
  'composer.placeholder': 'Write a message…',
  'composer.send': 'Send',
  'composer.hint': 'Enter to send, Shift+Enter for a new line.',
  'composer.left': '{count} characters left.',
  'composer.over': '{count} characters over the limit of {max}: shorten it to send.',
  'composer.empty': 'Nothing to send.',
  'composer.tooLong': 'Messages can be at most {max} characters.',
  'composer.outboxFull': 'Too many messages are waiting to be sent; wait for the connection.',

  // Message list (ui/message-list.ts)
  'list.today': 'Today',
  'list.yesterday': 'Yesterday',
  'list.newMessage': '1 new message',
  'list.newMessages': '{count} new messages',
  'list.arrived': '{count} new messages arrived.',
  'list.sending': 'sending…',
  'list.unsure': 'not sent — may not have arrived',
  'list.sendAgain': 'Send again',
  'list.discard': 'Discard',
  'list.server': 'Server',
  'push.line': '{online} online · up {uptime} · {messages}',
  'duration.hms': '{h}h {m}m {s}s',
  'duration.ms': '{m}m {s}s',
  'duration.s': '{s}s',
  'push.messages': '{count} messages',
  'push.messageOne': '1 message',

  // Typing indicator
  'typing.one': '{name} is typing…',
  'typing.two': '{first} and {second} are typing…',
  'typing.many': '{count} people are typing…',

  // Peers
  'peers.heading': 'Online',
  'peers.empty': 'Not connected.',
  'peers.you': '(you)',

  // Connection panel
  'conn.heading': 'Connection',
  'conn.state': 'State',
  'conn.hub': 'Hub',
  'conn.protocol': 'Protocol',
  'conn.latency': 'Latency',
  'conn.lastClose': 'Last close',
  'conn.reason': 'Reason',
  'conn.reconnectNow': 'Reconnect now',
  'conn.notClean': 'not clean',
  'conn.reconnectingIn': 'Reconnecting in {delay} (attempt {attempt})',
  'conn.reconnectingInFailed':
    'Reconnecting in {delay} (attempt {attempt}; last try failed: {code})',
  'conn.paused': 'Not reconnecting: {why}',
  'conn.staleLink':
    'This link is from an earlier run of Loopchat: open the new one printed in the terminal.',
  'conn.connected': 'Connected',
  'conn.sayingHello': 'Saying hello…',
  'conn.connecting': 'Connecting…',
  'conn.closing': 'Closing…',
  'conn.notConnected': 'Not connected',
  'conn.ms': '{ms} ms',
  'conn.status': 'Status',

  // Messages the connection client adds to the chat
  'note.joined': '{name} joined',
  'note.left': '{name} left',
  'note.renamedSelf': 'You are now {name}',
  'note.renamed': '{previous} is now {name}',
  'note.reconnected': 'Reconnected.',
  'note.disconnected': 'Disconnected: {code} {meaning}. Reconnecting…',
  'note.replaced': 'This window connected again somewhere else, so this copy stopped.',
  'note.removed': 'The server removed this window. Press Reconnect now to come back.',
  'conn.removed': 'removed by the server',
  'note.historyReset': 'The hub started a new chat history; earlier messages were cleared.',
  'note.skipped': '{count} older messages not shown.',
  'note.skippedOne': '1 older message not shown.',
  'note.refused': 'The hub refused a message ({code}): {message}',
  'note.unreadable': 'Unreadable frame from the hub: {error}',
  'note.couldNotOpen': 'Could not open a connection: {error}',
  'note.announcement': 'Server: {text}',
  'notice.silent': 'no frames for {ms} ms: closing',
  'notice.duplicate': 'duplicate chat seq {seq} ignored',

  // Event inspector
  'inspector.toggle': 'Inspector',
  'inspector.heading': 'Event inspector',
  'inspector.shortcut': 'Alt+I opens and closes it; Escape closes it.',
  'inspector.direction': 'Direction',
  'inspector.dirAll': 'All',
  'inspector.dirIn': 'In',
  'inspector.dirOut': 'Out',
  'inspector.dirEvent': 'Events',
  'inspector.dirState': 'States',
  'inspector.type': 'Type',
  'inspector.typeAll': 'All types',
  'inspector.search': 'Search',
  'inspector.pause': 'Pause',
  'inspector.resume': 'Resume',
  'inspector.clear': 'Clear',
  'inspector.export': 'Export JSON',
  'inspector.close': 'Close inspector',
  'inspector.paused': 'Paused: {count} entries not recorded.',
  'inspector.dropped': '{count} older entries dropped.',
  'inspector.shown': 'Showing {shown} of {total}.',
  'inspector.empty': 'Nothing recorded yet.',
  'inspector.rtt': 'RTT',
  'inspector.rttValue': 'last {last} ms · avg {avg} ms',
  'inspector.rttNone': '—',
  'inspector.in': 'In',
  'inspector.out': 'Out',
  'inspector.traffic': '{messages} msgs · {bytes}',
  'inspector.bytes': '{count} B',
  'inspector.entries': 'Timeline entries',
  'inspector.dirLabel.in': 'in',
  'inspector.dirLabel.out': 'out',
  'inspector.dirLabel.event': 'event',
  'inspector.dirLabel.state': 'state',
  'inspector.ev.connecting': 'connecting to {url}',
  'inspector.ev.open': 'open · protocol {protocol}',
  'inspector.ev.error': 'error {detail}',
  'inspector.ev.close': 'close {code} {meaning} · reason “{reason}” · wasClean {clean}',
  'inspector.ev.state': 'readyState {name} ({value})',
  'inspector.ev.binary': 'binary frame (ignored)',
  'inspector.details': 'Details',

  // Server console (renderer/console.html, renderer/src/console/)
  'console.closeReason': 'Close reason',
  'console.reasonPlaceholder': 'reason',
  'console.closeCode': 'Close code',
  'console.drop': 'Drop',
  'console.dropHint': 'Close with 4002: the window reconnects by itself',
  'console.remove': 'Remove',
  'console.removeHint': 'Close with 4001: the window stays off and says the server removed it',
  'console.closeWithCode': 'Close with code',
  'console.code4000':
    '4000 (Replaced) is sent only when the same window connects again: use Drop or Remove.',
  'console.codeRange': 'Use 1000, 1001, 1008 or 4001–4999.',
  'console.codeReconnects': '{meaning}: the window reconnects',
  'console.codeStaysOff': '{meaning}: the window stops reconnecting',
  'console.roleConsole': '(server console)',
  'console.noHello': '(no hello yet)',
  'console.clientCount': '({windows} windows, {consoles} consoles)',
  // Client lab (server console, renderer/src/console/lab.ts)
  'lab.heading': 'Client lab',
  'lab.intro':
    'Runs a real ws client inside the hub against the hub, and shows each of its events as it fires.',
  'lab.running': 'Running {scenario}…',
  'lab.badge': 'client lab',
  'lab.eventsLabel': 'Client lab events, in order',
  'lab.browserSees':
    'A browser window refused the same way sees only an error event, then close 1006: no status, no headers, no body.',
  'lab.scenario.connect': 'Connect properly',
  'lab.scenario.no-token': 'No token',
  'lab.scenario.wrong-token': 'Wrong token',
  'lab.scenario.foreign-origin': 'Foreign Origin',
  'lab.scenario.unknown-subprotocol': 'Unknown subprotocol',
  'lab.scenario.server-stopped': 'Server stopped',
  'lab.scenario.redirect': 'Redirect',
  'lab.scenario.server-header': "Server's headers event",
  'lab.scenario.malformed-handshake': 'Malformed handshake',
  'lab.scenario.no-pong': 'Stop answering pings',
  'lab.meaning.upgrade':
    'The server answered 101 Switching Protocols; these are its response headers.',
  'lab.meaning.open': 'The handshake is complete: frames can flow both ways.',
  'lab.meaning.send': 'The client sent this text frame.',
  'lab.meaning.message': 'A text frame from the server arrived.',
  'lab.meaning.ping': 'The server sent a ping frame to check the connection is alive.',
  'lab.meaning.pong-sent': 'ws answered the ping with a pong by itself (autoPong).',
  'lab.meaning.redirect': 'The server answered 3xx; with followRedirects the client follows it.',
  'lab.meaning.unexpected-response':
    'The server answered the upgrade with something other than 101: the handshake is refused.',
  'lab.meaning.error': 'Something failed; a close event follows.',
  'lab.meaning.close': 'The connection is closed; 1006 means no close frame was exchanged.',
  'lab.meaning.raw-request': 'A hand-written upgrade request sent over a plain TCP socket.',
  'lab.meaning.raw-response': 'What the server wrote back before closing the TCP socket.',
  'lab.verdict.connect':
    'Verdict: a proper client opens, chats, answers pings by itself and closes cleanly with 1000. ({detail})',
  'lab.verdict.refusal':
    'Verdict: refused before any WebSocket existed; ws shows the status and body, a browser only 1006. ({detail})',
  'lab.verdict.redirect': 'Verdict: the client followed the redirect and opened. ({detail})',
  'lab.verdict.server-header':
    "Verdict: the server's headers event added a header to the handshake response. ({detail})",
  'lab.verdict.malformed-handshake':
    'Verdict: ws refused the malformed handshake with 400 and emitted wsClientError (see Server events). ({detail})',
  'lab.verdict.no-pong':
    'Verdict: a client that stops answering pings is terminated by the server. ({detail})',
  'lab.verdict.unexpected': 'Verdict: not what this scenario expects: {detail}',
} as const;

export type MessageKey = keyof typeof en;
export type Language = 'en' | 'ko';

const ko: Record<MessageKey, string> = {
  'app.title': 'Loopchat',
  'app.titleWithName': 'Loopchat — {name}',
  'app.titleUnread': '({count}) Loopchat — {name}',
  'app.skipToComposer': '메시지 입력란으로 건너뛰기',
  'app.startFailed': 'Loopchat을 시작하지 못했습니다: {error}',
  'app.notStarted': '시작 안 됨',

  'name.youAre': '내 이름',
  'name.label': '이름',
  'name.rename': '이름 바꾸기',
  'name.save': '저장',
  'name.empty': '이름을 입력하세요.',
  'name.tooLong': '최대 {max}자까지 입력할 수 있습니다.',

  'chat.heading': '채팅',
  'chat.history': '채팅 기록',
  'composer.label': '메시지',
  'composer.placeholder': '메시지를 입력하세요…',
  'composer.send': '보내기',
  'composer.hint': 'Enter로 보내기, Shift+Enter로 줄 바꿈.',
  'composer.left': '{count}자 남음.',
  'composer.over': '최대 {max}자보다 {count}자 깁니다. 줄여야 보낼 수 있습니다.',
  'composer.empty': '보낼 내용이 없습니다.',
  'composer.tooLong': '메시지는 최대 {max}자까지 보낼 수 있습니다.',
  'composer.outboxFull': '보내기를 기다리는 메시지가 너무 많습니다. 연결을 기다려 주세요.',

  'list.today': '오늘',
  'list.yesterday': '어제',
  'list.newMessage': '새 메시지 1개',
  'list.newMessages': '새 메시지 {count}개',
  'list.arrived': '새 메시지 {count}개가 도착했습니다.',
  'list.sending': '보내는 중…',
  'list.unsure': '보내지 않음 — 전달되지 않았을 수 있음',
  'list.sendAgain': '다시 보내기',
  'list.discard': '버리기',
  'list.server': '서버',
  'push.line': '{online}명 접속 · 가동 {uptime} · {messages}',
  'duration.hms': '{h}시간 {m}분 {s}초',
  'duration.ms': '{m}분 {s}초',
  'duration.s': '{s}초',
  'push.messages': '메시지 {count}개',
  'push.messageOne': '메시지 1개',

  'typing.one': '{name} 님이 입력 중…',
  'typing.two': '{first} 님과 {second} 님이 입력 중…',
  'typing.many': '{count}명이 입력 중…',

  'peers.heading': '접속 중',
  'peers.empty': '연결되지 않음.',
  'peers.you': '(나)',

  'conn.heading': '연결',
  'conn.state': '상태',
  'conn.hub': '허브',
  'conn.protocol': '프로토콜',
  'conn.latency': '지연 시간',
  'conn.lastClose': '마지막 종료',
  'conn.reason': '이유',
  'conn.reconnectNow': '지금 다시 연결',
  'conn.notClean': '정상 종료 아님',
  'conn.reconnectingIn': '{delay} 후 다시 연결 ({attempt}번째 시도)',
  'conn.reconnectingInFailed': '{delay} 후 다시 연결 ({attempt}번째 시도, 마지막 실패: {code})',
  'conn.paused': '다시 연결하지 않음: {why}',
  'conn.staleLink':
    '이 링크는 이전에 실행한 Loopchat의 것입니다: 터미널에 새로 출력된 링크를 여세요.',
  'conn.connected': '연결됨',
  'conn.sayingHello': '인사하는 중…',
  'conn.connecting': '연결하는 중…',
  'conn.closing': '닫는 중…',
  'conn.notConnected': '연결되지 않음',
  'conn.ms': '{ms}ms',
  'conn.status': '상태',

  'note.joined': '{name} 님이 들어왔습니다',
  'note.left': '{name} 님이 나갔습니다',
  'note.renamedSelf': '이제 내 이름은 {name}입니다',
  'note.renamed': '{previous} 님이 이름을 {name}(으)로 바꿨습니다',
  'note.reconnected': '다시 연결되었습니다.',
  'note.disconnected': '연결이 끊겼습니다: {code} {meaning}. 다시 연결하는 중…',
  'note.replaced': '이 창이 다른 곳에서 다시 연결되어 이 창은 멈췄습니다.',
  'note.removed': '서버가 이 창을 내보냈습니다. 돌아오려면 지금 다시 연결을 누르세요.',
  'conn.removed': '서버가 내보냄',
  'note.historyReset': '허브가 새 채팅 기록을 시작해서 이전 메시지를 지웠습니다.',
  'note.skipped': '이전 메시지 {count}개는 표시하지 않았습니다.',
  'note.skippedOne': '이전 메시지 1개는 표시하지 않았습니다.',
  'note.refused': '허브가 메시지를 거부했습니다 ({code}): {message}',
  'note.unreadable': '허브에서 읽을 수 없는 프레임이 왔습니다: {error}',
  'note.couldNotOpen': '연결을 열 수 없습니다: {error}',
  'note.announcement': '서버: {text}',
  'notice.silent': '{ms}ms 동안 프레임이 없어 닫는 중',
  'notice.duplicate': '중복된 채팅 seq {seq} 무시함',

  'inspector.toggle': '인스펙터',
  'inspector.heading': '이벤트 인스펙터',
  'inspector.shortcut': 'Alt+I로 열고 닫기, Escape로 닫기.',
  'inspector.direction': '방향',
  'inspector.dirAll': '전체',
  'inspector.dirIn': '수신',
  'inspector.dirOut': '송신',
  'inspector.dirEvent': '이벤트',
  'inspector.dirState': '상태',
  'inspector.type': '유형',
  'inspector.typeAll': '모든 유형',
  'inspector.search': '검색',
  'inspector.pause': '일시 정지',
  'inspector.resume': '다시 시작',
  'inspector.clear': '지우기',
  'inspector.export': 'JSON 내보내기',
  'inspector.close': '인스펙터 닫기',
  'inspector.paused': '일시 정지됨: 기록하지 않은 항목 {count}개.',
  'inspector.dropped': '오래된 항목 {count}개를 버렸습니다.',
  'inspector.shown': '{total}개 중 {shown}개 표시.',
  'inspector.empty': '아직 기록된 것이 없습니다.',
  'inspector.rtt': '왕복 시간',
  'inspector.rttValue': '최근 {last}ms · 평균 {avg}ms',
  'inspector.rttNone': '—',
  'inspector.in': '수신',
  'inspector.out': '송신',
  'inspector.traffic': '메시지 {messages}개 · {bytes}',
  'inspector.bytes': '{count}바이트',
  'inspector.entries': '타임라인 항목',
  'inspector.dirLabel.in': '수신',
  'inspector.dirLabel.out': '송신',
  'inspector.dirLabel.event': '이벤트',
  'inspector.dirLabel.state': '상태',
  'inspector.ev.connecting': '{url}에 연결하는 중',
  'inspector.ev.open': '열림 · 프로토콜 {protocol}',
  'inspector.ev.error': '오류 {detail}',
  'inspector.ev.close': '닫힘 {code} {meaning} · 이유 “{reason}” · wasClean {clean}',
  'inspector.ev.state': 'readyState {name} ({value})',
  'inspector.ev.binary': '바이너리 프레임 (무시함)',
  'inspector.details': '자세히',

  'console.closeReason': '닫는 이유',
  'console.reasonPlaceholder': '이유',
  'console.closeCode': '닫기 코드',
  'console.drop': '끊기',
  'console.dropHint': '4002로 닫기: 창이 스스로 다시 연결합니다',
  'console.remove': '내보내기',
  'console.removeHint': '4001로 닫기: 창은 다시 연결하지 않고 서버가 내보냈다고 알립니다',
  'console.closeWithCode': '코드로 닫기',
  'console.code4000':
    '4000(Replaced)은 같은 창이 다시 연결될 때만 보냅니다. 끊기나 내보내기를 쓰세요.',
  'console.codeRange': '1000, 1001, 1008 또는 4001–4999를 쓰세요.',
  'console.codeReconnects': '{meaning}: 창이 다시 연결합니다',
  'console.codeStaysOff': '{meaning}: 창이 다시 연결하지 않습니다',
  'console.roleConsole': '(서버 콘솔)',
  'console.noHello': '(아직 hello 없음)',
  'console.clientCount': '(창 {windows}개, 콘솔 {consoles}개)',
  'lab.heading': '클라이언트 실험실',
  'lab.intro':
    '허브 안에서 실제 ws 클라이언트를 허브에 연결하고, 그 이벤트를 발생하는 순간마다 보여 줍니다.',
  'lab.running': '{scenario} 실행 중…',
  'lab.badge': '클라이언트 실험실',
  'lab.eventsLabel': '클라이언트 실험실 이벤트, 순서대로',
  'lab.browserSees':
    '같은 방식으로 거부된 브라우저 창은 error 이벤트와 close 1006만 봅니다. 상태 코드도, 헤더도, 본문도 없습니다.',
  'lab.scenario.connect': '정상 연결',
  'lab.scenario.no-token': '토큰 없음',
  'lab.scenario.wrong-token': '잘못된 토큰',
  'lab.scenario.foreign-origin': '외부 Origin',
  'lab.scenario.unknown-subprotocol': '알 수 없는 서브프로토콜',
  'lab.scenario.server-stopped': '서버 중지됨',
  'lab.scenario.redirect': '리디렉션',
  'lab.scenario.server-header': '서버의 headers 이벤트',
  'lab.scenario.malformed-handshake': '잘못된 핸드셰이크',
  'lab.scenario.no-pong': 'ping에 응답하지 않기',
  'lab.meaning.upgrade': '서버가 101 Switching Protocols로 응답했습니다. 응답 헤더입니다.',
  'lab.meaning.open': '핸드셰이크가 끝났습니다. 이제 양쪽으로 프레임을 보낼 수 있습니다.',
  'lab.meaning.send': '클라이언트가 이 텍스트 프레임을 보냈습니다.',
  'lab.meaning.message': '서버에서 텍스트 프레임이 도착했습니다.',
  'lab.meaning.ping': '서버가 연결이 살아 있는지 확인하려고 ping 프레임을 보냈습니다.',
  'lab.meaning.pong-sent': 'ws가 ping에 스스로 pong으로 응답했습니다 (autoPong).',
  'lab.meaning.redirect': '서버가 3xx로 응답했습니다. followRedirects가 켜져 있어 따라갑니다.',
  'lab.meaning.unexpected-response':
    '서버가 업그레이드 요청에 101이 아닌 응답을 보냈습니다. 핸드셰이크가 거부되었습니다.',
  'lab.meaning.error': '무언가 실패했습니다. 이어서 close 이벤트가 옵니다.',
  'lab.meaning.close': '연결이 닫혔습니다. 1006은 close 프레임을 주고받지 못했다는 뜻입니다.',
  'lab.meaning.raw-request': '일반 TCP 소켓으로 직접 작성해 보낸 업그레이드 요청입니다.',
  'lab.meaning.raw-response': '서버가 TCP 소켓을 닫기 전에 보낸 응답입니다.',
  'lab.verdict.connect':
    '결과: 정상 클라이언트는 연결하고, 채팅하고, ping에 스스로 응답하고, 1000으로 깔끔하게 닫습니다. ({detail})',
  'lab.verdict.refusal':
    '결과: WebSocket이 만들어지기 전에 거부되었습니다. ws는 상태와 본문을 보여 주지만 브라우저는 1006만 봅니다. ({detail})',
  'lab.verdict.redirect': '결과: 클라이언트가 리디렉션을 따라가 연결했습니다. ({detail})',
  'lab.verdict.server-header':
    '결과: 서버의 headers 이벤트가 핸드셰이크 응답에 헤더를 추가했습니다. ({detail})',
  'lab.verdict.malformed-handshake':
    '결과: ws가 잘못된 핸드셰이크를 400으로 거부하고 wsClientError를 발생시켰습니다 (서버 이벤트 참고). ({detail})',
  'lab.verdict.no-pong':
    '결과: ping에 응답하지 않는 클라이언트는 서버가 강제로 끊습니다. ({detail})',
  'lab.verdict.unexpected': '결과: 이 시나리오가 기대한 것과 다릅니다: {detail}',
};

export const TABLES: Record<Language, Record<MessageKey, string>> = { en, ko };

let current: Language = 'en';

/** The first OS language decides: Korean for any ko / ko-KR, English otherwise. */
export function pickLanguage(languages: readonly string[]): Language {
  const first = languages[0]?.toLowerCase() ?? '';
  return first === 'ko' || first.startsWith('ko-') ? 'ko' : 'en';
}

export function setLanguage(language: Language): void {
  current = language;
}

export function currentLanguage(): Language {
  return current;
}

/** For keys that come from markup (data-i18n attributes), checked at run time. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(TABLES.en, key);
}

export type Params = Record<string, string | number>;

export function t(key: MessageKey, params?: Params): string {
  const template = TABLES[current][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
