// @ts-check
// Renders build/icon.svg, the one source of the app icon, to every size the platforms need:
//   build/icons/<n>x<n>.png  Linux (AppImage/deb desktop icons), electron-builder reads the folder
//   build/icon.png           1024 px master
//   build/icon.ico           Windows (NSIS installer and the .exe)
//   build/icon.icns          macOS
// and writes build/icons/manifest.json (SHA-256 of the source and of every output) so the
// packaging test can tell when someone edits the SVG without regenerating.
// The outputs are committed: packaging never needs this script, only a changed icon does.
// Usage: npm run icons
import { Resvg } from '@resvg/resvg-js';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { cwd, stdout } from 'node:process';
import { fileURLToPath } from 'node:url';
import png2icons from 'png2icons';

const buildDir = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(buildDir, 'icon.svg');
// Linux icon theme sizes plus the 512/1024 masters.
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** @param {Buffer} svg @param {number} size */
function renderPng(svg, size) {
  // No system fonts: the icon has no text, and skipping the font scan keeps renders identical
  // from machine to machine.
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
  });
  return resvg.render().asPng();
}

/** @param {Buffer | string} data */
function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The SVG is text: git may check it out with CRLF on Windows, so hash it with LF endings.
 * @param {Buffer} svg
 */
function sourceHash(svg) {
  return sha256(svg.toString('utf8').replace(/\r\n/g, '\n'));
}

/** @param {string} what @param {Buffer | null} data */
function required(what, data) {
  if (data === null) throw new Error(`png2icons could not create ${what}`);
  return data;
}

async function main() {
  const svg = await readFile(SOURCE);
  /** @type {Map<string, Buffer>} output path (relative to build/) → contents */
  const outputs = new Map();
  for (const size of PNG_SIZES) {
    outputs.set(`icons/${size}x${size}.png`, renderPng(svg, size));
  }
  const master = renderPng(svg, 1024);
  outputs.set('icon.png', master);
  // png2icons downscales the 1024 master; BICUBIC2 keeps the small sizes sharpest.
  // forWinExe: BMP entries for the small sizes, which every Windows shell and rcedit accept.
  outputs.set(
    'icon.ico',
    required('icon.ico', png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true)),
  );
  outputs.set(
    'icon.icns',
    required('icon.icns', png2icons.createICNS(master, png2icons.BICUBIC2, 0)),
  );

  await mkdir(join(buildDir, 'icons'), { recursive: true });
  /** @type {Record<string, string>} */
  const files = {};
  for (const [name, data] of outputs) {
    await writeFile(join(buildDir, name), data);
    files[name] = sha256(data);
  }
  const manifest = { source: 'icon.svg', sourceSha256: sourceHash(svg), files };
  await writeFile(
    join(buildDir, 'icons', 'manifest.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  for (const name of outputs.keys()) {
    stdout.write(`wrote ${relative(cwd(), join(buildDir, name))}\n`);
  }
}

await main();
