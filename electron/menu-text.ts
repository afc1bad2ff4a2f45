// The words of the application and context menus, in English and Korean (the languages the
// renderer speaks). Electron's own role labels are English only (lib/browser/api/
// menu-item-roles.ts), so every item Loopchat shows gets its label from here.

export type MenuLanguage = 'en' | 'ko';

const en = {
  file: 'File',
  newWindow: 'New Window',
  closeWindow: 'Close Window',
  quit: 'Quit',
  /** Windows calls it Exit (as Electron's own quit role does there). */
  exit: 'Exit',
  quitApp: 'Quit {app}',
  edit: 'Edit',
  undo: 'Undo',
  redo: 'Redo',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select All',
  view: 'View',
  serverConsole: 'Server Console',
  reload: 'Reload',
  devTools: 'Toggle Developer Tools',
  resetZoom: 'Actual Size',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  fullScreen: 'Toggle Full Screen',
  window: 'Window',
  minimize: 'Minimize',
  zoom: 'Zoom',
  front: 'Bring All to Front',
  help: 'Help',
  about: 'About {app}',
  services: 'Services',
  hide: 'Hide {app}',
  hideOthers: 'Hide Others',
  showAll: 'Show All',
  noGuesses: 'No Spelling Suggestions',
};

export type MenuTextKey = keyof typeof en;

const ko: Record<MenuTextKey, string> = {
  file: '파일',
  newWindow: '새 창',
  closeWindow: '창 닫기',
  quit: '종료',
  exit: '끝내기',
  quitApp: '{app} 종료',
  edit: '편집',
  undo: '실행 취소',
  redo: '다시 실행',
  cut: '잘라내기',
  copy: '복사',
  paste: '붙여넣기',
  selectAll: '모두 선택',
  view: '보기',
  serverConsole: '서버 콘솔',
  reload: '새로 고침',
  devTools: '개발자 도구',
  resetZoom: '실제 크기',
  zoomIn: '확대',
  zoomOut: '축소',
  fullScreen: '전체 화면',
  window: '윈도우',
  minimize: '최소화',
  zoom: '확대/축소',
  front: '모두 앞으로 가져오기',
  help: '도움말',
  about: '{app} 정보',
  services: '서비스',
  hide: '{app} 가리기',
  hideOthers: '기타 가리기',
  showAll: '모두 보기',
  noGuesses: '추천 단어 없음',
};

const TEXT: Record<MenuLanguage, Record<MenuTextKey, string>> = { en, ko };

/** Korean for a Korean system locale (ko, ko-KR), English otherwise. */
export function menuLanguage(locale: string): MenuLanguage {
  return /^ko\b/i.test(locale) ? 'ko' : 'en';
}

export function menuText(language: MenuLanguage, appName: string): (key: MenuTextKey) => string {
  return (key) => TEXT[language][key].replace('{app}', appName);
}
