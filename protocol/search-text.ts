// How search compares text, in its one home (the hub searches with it, the window highlights
// with it): NFKC-normalised, so Hangul typed as separate jamo (as some keyboards and macOS file
// names produce) matches the composed syllables, full-width letters match their plain forms,
// then lower-cased, so case never matters.

export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
