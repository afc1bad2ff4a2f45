// electron-builder configuration: the one place that says how Loopchat is packaged.
//
// A TypeScript config rather than electron-builder.yml because it has to read one value from
// the environment (a YAML file cannot) and because `tsc` then checks every key against
// electron-builder's own types. electron-builder loads it through jiti; the npm scripts pass
// `--config electron-builder.config.ts` (electron-builder only auto-discovers
// `electron-builder.*`, not `*.config.*`).
//
// Online:  `npm run dist` — electron-builder downloads Electron 45.3.4 and its packaging tools.
// Offline: `LOOPCHAT_ELECTRON_DIST=/path/to/electron npm run dist:dir` — packs the `dir` target
//          from a local Electron (an unpacked dist folder, or a folder holding
//          electron-v45.3.4-<platform>-<arch>.zip); the installer targets still need their tools.
import type { Configuration } from 'electron-builder';
import { resolve } from 'node:path';

/** Environment variable naming a local Electron distribution to package instead of downloading. */
export const ELECTRON_DIST_ENV = 'LOOPCHAT_ELECTRON_DIST';

const localElectronDist = process.env[ELECTRON_DIST_ENV];

const config: Configuration = {
  appId: 'dev.loopchat.app',
  productName: 'Loopchat',
  copyright: 'Copyright © Loopchat developers',
  // There is no installed Electron binary to read the version from, so pin it; the packaging
  // test keeps it equal to the `electron` devDependency.
  electronVersion: '45.3.4',
  ...(localElectronDist ? { electronDist: resolve(localElectronDist) } : {}),

  directories: { output: 'release', buildResources: 'build' },
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',

  // Only what runs: the built main process, preload and renderer, and package.json. ws is
  // bundled into out/main.js (no run-time package lookup inside the asar), so there are no
  // production dependencies to add.
  // A whitelist of the build outputs, not `out/**`: out/launch.js is the development launcher
  // behind `npm start`, and tests may leave scratch folders in out/.
  files: ['out/main.js', 'out/preload.cjs', 'out/renderer/**/*', '!**/*.map', 'package.json'],
  asar: true,
  // Nothing native to rebuild against Electron's headers — and the rebuild would fetch them.
  npmRebuild: false,
  // Installers are uploaded as CI artifacts; electron-builder never publishes on its own.
  publish: null,

  // Hardening of the packaged binary. The inspect fuse off also stops Playwright's
  // `_electron.launch` from attaching, so the Electron e2e specs run against the unpackaged
  // app (out/main.js with the electron package's binary), never against release/.
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // The renderer is served over the app:// protocol, so file:// needs no extra powers.
    grantFileProtocolExtraPrivileges: false,
    // Flipping fuses rewrites the binary and breaks its signature; macOS (arm64) kills an app
    // whose signature no longer matches. The installers are not code-signed afterwards, so
    // re-sign ad hoc right after flipping.
    resetAdHocDarwinSignature: true,
  },

  linux: {
    target: ['AppImage', 'deb', 'tar.gz'],
    icon: 'build/icons',
    executableName: 'loopchat',
    // Desktop entry: Name from productName, Comment from the package description,
    // StartupWMClass and the .desktop file name from package.json `desktopName`, which Electron
    // also uses as the Wayland app_id, so running windows group under the launcher icon.
    category: 'Network;Chat;Development',
    syncDesktopName: true,
    desktop: { entry: { Keywords: 'websocket;chat;debug;' } },
    synopsis: 'See how WebSockets really behave',
    // deb needs a maintainer as `Name <email>` (Debian policy); the author field has no
    // e-mail address to derive one from.
    maintainer: 'Loopchat developers <loopchat@users.noreply.github.com>',
  },
  win: {
    target: ['nsis'],
    icon: 'build/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
  mac: {
    target: ['dmg'],
    icon: 'build/icon.icns',
    category: 'public.app-category.developer-tools',
  },
};

export default config;
