// The README is a front door and docs/ holds the depth (this check lives with the other
// checks of the repository as shipped): a reader who follows a link or an
// image must find it, and the docs speak in plain facts, never in the project's own history.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const README_MAX_LINES = 150;

/** Words that tell the project's history instead of stating a fact. */
const HISTORY_WORDS: readonly RegExp[] = [
  /\bsession \d/i,
  /(?<![\w&/])#\d{1,3}\b/, // an issue reference such as "#12"
  /this branch/i,
  /round (two|three)/i,
];

interface Doc {
  readonly path: string; // relative to the repository root
  readonly text: string;
}

function readDocs(): Doc[] {
  const docsDir = join(root, 'docs');
  const names = readdirSync(docsDir).filter((name) => name.endsWith('.md'));
  return ['README.md', ...names.map((name) => join('docs', name))].map((path) => ({
    path,
    text: readFileSync(join(root, path), 'utf8'),
  }));
}

/** Fenced code blocks hold commands and diagrams, not links. */
function withoutCodeBlocks(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
}

/** Every link and image target in a Markdown text: `[x](t)`, `![x](t)` and `<img src="t">`. */
function linkTargets(markdown: string): string[] {
  const text = withoutCodeBlocks(markdown);
  const targets = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (m) => m[1] ?? '',
  );
  const images = [...text.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] ?? '');
  return [...targets, ...images];
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutCodeBlocks(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = headingAnchor(m[1] ?? '');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** What is wrong with one relative link from `fromPath` (repository-relative), or null. */
function brokenLink(fromPath: string, target: string): string | null {
  const [file = '', anchor] = target.split('#', 2);
  const resolved = file === '' ? join(root, fromPath) : resolve(root, dirname(fromPath), file);
  const shown = relative(root, resolved);
  if (!existsSync(resolved)) return `${fromPath}: ${target} — no file ${shown}`;
  if (anchor === undefined || anchor === '' || !resolved.endsWith('.md')) return null;
  if (!statSync(resolved).isFile()) return `${fromPath}: ${target} — ${shown} is not a file`;
  const anchors = anchorsOf(readFileSync(resolved, 'utf8'));
  return anchors.has(decodeURIComponent(anchor))
    ? null
    : `${fromPath}: ${target} — no heading #${anchor} in ${shown}`;
}

/** Each line of `text` that holds a history word, as "path:line: text". */
function historyWordLines(path: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      HISTORY_WORDS.some((word) => word.test(line)) ? [`${path}:${i + 1}: ${line.trim()}`] : [],
    );
}

describe('README and docs/', () => {
  const docs = readDocs();

  it('reads the real README and every doc it links to', () => {
    const paths = docs.map((doc) => doc.path);
    for (const expected of ['README.md', 'docs/architecture.md', 'docs/guide.md']) {
      expect(paths).toContain(expected);
    }
    for (const doc of docs) expect(doc.text.length, doc.path).toBeGreaterThan(200);
  });

  it(`keeps the README to at most ${README_MAX_LINES} lines`, () => {
    const readme = docs.find((doc) => doc.path === 'README.md');
    const lines = readme?.text.replace(/\n$/, '').split('\n').length ?? Infinity;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('opens the README with the commands to start the app and to run every test', () => {
    const readme = docs.find((doc) => doc.path === 'README.md')?.text ?? '';
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme.split('\n').slice(0, 8).join('\n'));
    expect(firstBlock?.[1]).toContain('npm ci && npm start');
    expect(firstBlock?.[1]).toContain(
      'apt-get update && apt-get install -y chromium && npm ci && npm test',
    );
  });

  it('has every relative link and image in README and docs/ pointing at a file that exists', () => {
    const relativeLinks = docs.flatMap((doc) =>
      linkTargets(doc.text)
        .filter((target) => !isExternal(target))
        .map((target) => ({ from: doc.path, target })),
    );
    // The README alone links to the picture and to every topic in docs/.
    expect(relativeLinks.filter((l) => l.from === 'README.md').length).toBeGreaterThan(10);
    const broken = relativeLinks.flatMap(({ from, target }) => brokenLink(from, target) ?? []);
    expect(broken).toEqual([]);
  });

  it('states facts, not the history of the project', () => {
    expect(docs.flatMap((doc) => historyWordLines(doc.path, doc.text))).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('find links, images and HTML images, but not what a code block shows', () => {
    const text = [
      'See [the guide](docs/guide.md) and ![a picture](docs/two-windows.png "title").',
      '<img width="10" src="docs/console.png">',
      '```sh',
      'echo "[not](a-link.md)"',
      '```',
      '[ws](https://github.com/websockets/ws)',
    ].join('\n');
    expect(linkTargets(text)).toEqual([
      'docs/guide.md',
      'docs/two-windows.png',
      'https://github.com/websockets/ws',
      'docs/console.png',
    ]);
  });

  it('report a missing file and a missing heading, and accept real ones', () => {
    expect(brokenLink('README.md', 'docs/no-such-file.md')).toMatch(/no file docs\/no-such-file/);
    expect(brokenLink('README.md', 'docs/guide.md#no-such-heading')).toMatch(/no heading/);
    expect(brokenLink('docs/features.md', 'two-windows.png')).toBeNull();
    expect(brokenLink('README.md', 'docs/architecture.md#where-to-add')).toBeNull();
  });

  it('make GitHub anchors from headings', () => {
    expect(headingAnchor('Running it: browser mode, data folders, logs')).toBe(
      'running-it-browser-mode-data-folders-logs',
    );
    expect(headingAnchor('`npm run bench` — the hub')).toBe('npm-run-bench--the-hub');
  });

  it('catch each kind of history word, and leave plain facts alone', () => {
    const flagged = [
      'Measured in session 3.',
      'Fixed in #12.',
      'On this branch the score is 90%.',
      'Performance, round three.',
    ];
    for (const line of flagged) expect(historyWordLines('x.md', line), line).toHaveLength(1);
    const plain = [
      'Measured 2026-11-30 with `npm run bench`.',
      'Open `/console.html#token=…`.',
      'The id is kept in sessionStorage.',
      'See [testing](testing.md#what-is-verified-where).',
      'A colour such as &#39; or #fff.',
    ];
    for (const line of plain) expect(historyWordLines('x.md', line), line).toEqual([]);
  });
});
