// Offline checks of how Loopchat is packaged: the electron-builder configuration, the icons,
// what electron-builder actually puts in the app, and the release workflow. None of this needs
// the Electron binary or the network; the installers themselves are built by the workflow.
import { extractFile, listPackage } from '@electron/asar';
import { Ajv } from 'ajv';
import { Arch, Platform, build } from 'electron-builder';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import config from '../electron-builder.config';
import { FakeElectron } from '../electron/test/fake-electron';

const root = resolve(import.meta.dirname, '..');

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readJson(path: string): Promise<Json> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!isRecord(parsed)) throw new Error(`${path} is not a JSON object`);
  return parsed;
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('electron-builder configuration', () => {
  it('is valid against the schema electron-builder ships', async () => {
    const schema = await readJson(join(root, 'node_modules/app-builder-lib/scheme.json'));
    // `typeof` is an annotation from electron-builder's own validator (ajv-keywords), and the
    // schema uses union types; neither is an error in the schema.
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    ajv.addVocabulary(['typeof']);
    const validate = ajv.compile(schema);
    const valid = validate(config);
    const problems = (validate.errors ?? []).map(
      (e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
    expect(problems.join('\n')).toBe('');
    expect(valid).toBe(true);
  });

  it('pins the Electron version the electron devDependency installs', async () => {
    const pkg = await readJson(join(root, 'package.json'));
    const devDependencies = pkg['devDependencies'];
    expect(isRecord(devDependencies) && devDependencies['electron']).toBe(config.electronVersion);
  });

  it('hardens the packaged binary with fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('names the deb maintainer as `Name <email>`', () => {
    expect(config.linux?.maintainer).toMatch(/^[^<>]+ <[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>$/);
  });

  it('gives the project a homepage and repository (the deb target needs a project URL)', async () => {
    const pkg = await readJson(join(root, 'package.json'));
    expect(pkg['homepage']).toMatch(/^https:\/\/github\.com\/loopchat\/loopchat\b/);
    const repository = pkg['repository'];
    expect(isRecord(repository) && repository['url']).toMatch(
      /^git\+https:\/\/github\.com\/loopchat\/loopchat\.git$/,
    );
  });

  it('builds installers for every platform from `npm run dist`', async () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb', 'tar.gz']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    const scripts = (await readJson(join(root, 'package.json')))['scripts'];
    expect(isRecord(scripts) && scripts['dist']).toBe(
      'npm run build && electron-builder --config electron-builder.config.ts',
    );
  });
});

describe('icons generated from build/icon.svg', () => {
  const buildDir = join(root, 'build');

  async function manifest(): Promise<{ sourceSha256: unknown; files: Json }> {
    const data = await readJson(join(buildDir, 'icons/manifest.json'));
    const files = data['files'];
    if (!isRecord(files)) throw new Error('build/icons/manifest.json has no files map');
    return { sourceSha256: data['sourceSha256'], files };
  }

  it('are up to date with the SVG (run `npm run icons` after editing it)', async () => {
    const svg = await readFile(join(buildDir, 'icon.svg'), 'utf8');
    // Same normalisation as build/make-icons.mjs: a CRLF checkout is the same source.
    expect((await manifest()).sourceSha256).toBe(sha256(svg.replace(/\r\n/g, '\n')));
  });

  it('are the files the generator wrote', async () => {
    const { files } = await manifest();
    for (const [name, hash] of Object.entries(files)) {
      expect(sha256(await readFile(join(buildDir, name))), name).toBe(hash);
    }
  });

  it('cover the Linux icon sizes as square PNGs named for their size', async () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const png = await readFile(join(buildDir, `icons/${size}x${size}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // IHDR: width and height, big-endian, at bytes 16 and 20.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('include a Windows .ico with a 256 px image and a macOS .icns with a 1024 px one', async () => {
    const ico = await readFile(join(buildDir, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]); // reserved, type icon
    const widths = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(widths).toContain(256);
    expect(widths).toContain(16);

    const icns = await readFile(join(buildDir, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      types.push(icns.subarray(at, at + 4).toString('latin1'));
    }
    expect(types).toContain('ic10'); // 1024 px (512@2x)
    expect(types).toContain('ic07'); // 128 px
  });
});

// What the packed app contains. The folder built below STANDS IN FOR THE ELECTRON RUNTIME: it is
// not Electron, only a directory shaped like an unpacked Linux Electron dist, so that
// electron-builder's `dir` target can run offline and the packed contents can be inspected.
// This checks packaging, not the runtime. Fuses are switched off for this build because the
// stand-in has no fuse wire to flip; the real binary gets them in `npm run dist`.
describe('packed app contents (electron-builder dir target, stand-in Electron runtime — not a real Electron)', () => {
  const appFiles = ['out/main.js', 'out/preload.cjs', 'out/renderer/index.html'];
  let workDir = '';
  let appOutDir = '';
  let asarPath = '';
  let entries: string[] = [];

  beforeAll(async () => {
    ensureBuilt(appFiles);
    workDir = await mkdtemp(join(tmpdir(), 'loopchat-packaging-'));
    const standIn = await makeStandInElectronDist(join(workDir, 'stand-in-electron'));
    const output = join(workDir, 'release');
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      config: {
        ...config,
        electronDist: standIn,
        electronFuses: null,
        directories: { ...config.directories, output },
      },
    });
    appOutDir = join(output, 'linux-unpacked');
    asarPath = join(appOutDir, 'resources/app.asar');
    entries = listPackage(asarPath, { isPack: false }).map((entry) =>
      entry.replace(/\\/g, '/').replace(/^\//, ''),
    );
  }, 120_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('holds the built main, preload and renderer', () => {
    for (const file of [...appFiles, 'package.json']) expect(entries).toContain(file);
  });

  it('has ws bundled into main.js, which loads nothing but Electron and Node built-ins', () => {
    // Package lookup from an ESM main inside an asar has regressed in Electron before, so the
    // main process takes nothing from node_modules at run time.
    const main = extractFile(asarPath, 'out/main.js').toString('utf8');
    const loaded = [
      ...main.matchAll(/\bfrom\s*["']([^"']+)["']/g),
      ...main.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g),
      ...main.matchAll(/\brequire\s*\(\s*["']([^"']+)["']\s*\)/g),
    ].map((m) => m[1] ?? '');
    expect(main).toContain('Sec-WebSocket-Accept'); // ws's handshake, bundled
    const builtins = new Set(builtinModules);
    // ws's optional native speed-ups, required inside a try: absent, it falls back to JS.
    const optional = new Set(['bufferutil', 'utf-8-validate']);
    const foreign = loaded.filter(
      (name) =>
        name !== 'electron' &&
        !name.startsWith('node:') &&
        !builtins.has(name) &&
        !optional.has(name),
    );
    expect(foreign).toEqual([]);
  });

  it('has a preload that the sandbox can run: CommonJS, not ESM', async () => {
    // A sandboxed preload runs as a CommonJS function body (see electron/test/fake-electron.ts);
    // the strict fake applies Electron's rule to the preload actually packed.
    const electron = new FakeElectron();
    electron.app.fireReady(); // windows exist only once the app is ready
    const preload = '/app/out/preload.cjs';
    electron.disk.addFile(preload, extractFile(asarPath, 'out/preload.cjs').toString('utf8'));
    const window = electron.createWindow({
      show: false,
      webPreferences: { preload, sandbox: true },
    });
    const errors: string[] = [];
    window.webContents.on('preload-error', (_event, _path, error) => errors.push(error.message));
    await window.loadURL('app://loopchat/index.html');
    expect(errors).toEqual([]);
    expect(window.webContents.hasBridge).toBe(true);
  });

  it('holds every script and stylesheet the renderer page loads', () => {
    const html = extractFile(asarPath, 'out/renderer/index.html').toString('utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map(
      (m) => `out/renderer/${m[1]}`,
    );
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(entries).toContain(asset);
  });

  it('leaves out sources, tests, source maps, launchers and dev dependencies', () => {
    const files = entries.filter((entry) => entry.includes('.'));
    expect(files.filter((f) => /\.(c|m)?tsx?$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /\.(test|spec)\.[cm]?[jt]s$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const topLevel = new Set(entries.map((entry) => entry.split('/')[0]));
    // No node_modules at all: ws is inside main.js.
    expect([...topLevel].sort()).toEqual(['out', 'package.json']);
    // Only the build outputs the app runs; not out/launch.js nor anything tests left in out/.
    const outEntries = entries.filter((e) => e.startsWith('out/') && !e.startsWith('out/renderer'));
    expect(outEntries.sort()).toEqual(['out/main.js', 'out/preload.cjs']);
  });

  it('carries the app identity in its package.json', async () => {
    const source = await readJson(join(root, 'package.json'));
    const packed: unknown = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8'));
    expect(packed).toMatchObject({
      name: 'loopchat',
      productName: 'Loopchat',
      version: source['version'],
      description: source['description'],
      author: source['author'],
      license: source['license'],
      main: 'out/main.js',
      type: 'module',
    });
    expect(packed).not.toHaveProperty('dependencies');
    expect(isRecord(packed) && String(packed['description']).length).toBeGreaterThan(0);
    expect(packed).not.toHaveProperty('devDependencies');
    expect(packed).not.toHaveProperty('scripts');
  });

  it('names the executable for the desktop entry and keeps the app in one asar', async () => {
    expect(existsSync(join(appOutDir, 'loopchat'))).toBe(true);
    expect(await readdir(join(appOutDir, 'resources'))).toEqual(['app.asar']);
  });

  it('stays small: the packed app is under 2 MiB', async () => {
    // Electron itself is ~250 MB unpacked; this bounds what Loopchat adds to it. Packing a
    // dev dependency or the sources would blow well past it.
    expect((await stat(asarPath)).size).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('release workflow (.github/workflows/release.yml)', () => {
  type Step = { name?: unknown; uses?: unknown; run?: unknown; if?: unknown; with?: unknown };

  async function loadJob(): Promise<{ job: Json; steps: Step[] }> {
    const workflow: unknown = parseYaml(
      await readFile(join(root, '.github/workflows/release.yml'), 'utf8'),
    );
    if (!isRecord(workflow) || !isRecord(workflow['jobs'])) throw new Error('no jobs');
    const jobs = Object.values(workflow['jobs']);
    expect(jobs).toHaveLength(1);
    const job = jobs[0];
    if (!isRecord(job) || !Array.isArray(job['steps'])) throw new Error('job has no steps');
    return { job, steps: job['steps'].filter(isRecord) };
  }

  const runs = (steps: Step[]) => steps.map((s) => s.run).filter((r) => typeof r === 'string');
  const stepUsing = (steps: Step[], action: string) =>
    steps.find((s) => typeof s.uses === 'string' && s.uses.startsWith(`${action}@`));

  it('runs on Linux, Windows and macOS', async () => {
    const { job } = await loadJob();
    const strategy = job['strategy'];
    const matrix = isRecord(strategy) ? strategy['matrix'] : undefined;
    expect(isRecord(matrix) && matrix['os']).toEqual([
      'ubuntu-latest',
      'windows-latest',
      'macos-latest',
    ]);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    // Each OS names the Chromium/Chrome the browser-mode specs drive (CHROMIUM_PATH).
    const include = isRecord(matrix) && Array.isArray(matrix['include']) ? matrix['include'] : [];
    expect(include.filter(isRecord).map((entry) => typeof entry['chromium'])).toEqual([
      'string',
      'string',
      'string',
    ]);
    expect(isRecord(job['env']) && job['env']['CHROMIUM_PATH']).toBe('${{ matrix.chromium }}');
  });

  it('pins every action to a full commit SHA', async () => {
    const { steps } = await loadJob();
    const uses = steps.map((s) => s.uses).filter((u) => u !== undefined);
    expect(uses.length).toBeGreaterThanOrEqual(3);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  it('installs with the lockfile on Node 22, named by .nvmrc', async () => {
    // Electron 45's tooling (@electron/get, electron-builder's helpers) needs Node >= 22.12.
    expect((await readFile(join(root, '.nvmrc'), 'utf8')).trim()).toBe('22');
    const { steps } = await loadJob();
    expect(stepUsing(steps, 'actions/checkout')).toBeDefined();
    expect(stepUsing(steps, 'actions/setup-node')?.with).toMatchObject({
      'node-version-file': '.nvmrc',
    });
    expect(runs(steps)).toContain('npm ci');
  });

  it('runs the full test suite, under Xvfb on Linux', async () => {
    const { steps } = await loadJob();
    const linuxTest = steps.find((s) => s.if === "runner.os == 'Linux'" && s.run !== undefined);
    expect(runs(steps)).toContain('xvfb-run --auto-servernum npm test');
    expect(linuxTest).toBeDefined();
    expect(steps.find((s) => s.if === "runner.os != 'Linux'")?.run).toBe('npm test');
  });

  it('packages with `npm run dist` and uploads the installers from release/', async () => {
    const { steps } = await loadJob();
    const distAt = steps.findIndex((s) => s.run === 'npm run dist');
    const upload = stepUsing(steps, 'actions/upload-artifact');
    expect(distAt).toBeGreaterThan(-1);
    expect(upload && steps.indexOf(upload)).toBeGreaterThan(distAt);
    const path = isRecord(upload?.with) ? String(upload.with['path']) : '';
    for (const ext of ['AppImage', 'deb', 'tar.gz', 'exe', 'dmg']) {
      expect(path).toContain(`release/*.${ext}`);
    }
  });
});

/** Builds out/ with `npm run build` when it is missing; fails with the reason if that fails. */
function ensureBuilt(files: string[]): void {
  if (files.every((file) => existsSync(join(root, file)))) return;
  try {
    execSync('npm run build', { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const stderr = isRecord(error) ? String(error['stderr'] ?? '') : String(error);
    throw new Error(`out/ is missing and \`npm run build\` failed:\n${stderr.slice(-2000)}`);
  }
  const missing = files.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) {
    throw new Error(`\`npm run build\` did not produce ${missing.join(', ')}`);
  }
}

/**
 * A folder shaped like an unpacked Linux Electron dist, NOT an Electron runtime: an `electron`
 * script that only says it is a stand-in, Electron's LICENSE and version files, and resources/.
 * electron-builder copies it, renames `electron` to the app's executable and adds the asar.
 */
async function makeStandInElectronDist(dir: string): Promise<string> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  const executable = join(dir, 'electron');
  await writeFile(
    executable,
    '#!/bin/sh\necho "stand-in for the Electron runtime (packaging test): cannot run" >&2\nexit 1\n',
  );
  await chmod(executable, 0o755);
  await writeFile(join(dir, 'version'), `${config.electronVersion ?? ''}\n`);
  await writeFile(join(dir, 'LICENSE'), 'Stand-in for the Electron LICENSE (packaging test).\n');
  return dir;
}
