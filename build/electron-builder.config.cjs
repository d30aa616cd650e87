// @ts-check
/**
 * electron-builder 26 configuration (`npm run dist`, on a machine with internet: it downloads the
 * Electron zip and the deb/AppImage/NSIS toolsets). Validated offline against electron-builder's
 * own schema by build/electronBuilderConfig.test.ts.
 *
 * Only the bundles in out/ are packed: main, preload and the gateway are self-contained builds,
 * the renderer is static files. `net-snmp` (required at runtime by the gateway's SNMP adapter) is a
 * production dependency and electron-builder packs production dependencies with it.
 *
 * @type {import('app-builder-lib').Configuration}
 */
const config = {
  appId: 'uk.nhs.watchfloor',
  productName: 'Watchfloor',
  copyright: 'Watchfloor contributors',
  directories: { output: 'release', buildResources: 'build' },
  files: ['out/**/*', '!out/**/*.map', '!out/bench-*/**', 'package.json'],
  extraResources: [{ from: 'resources', to: 'resources', filter: ['**/*'] }],
  asar: true,
  // No native modules to rebuild; and a rebuild would need the network.
  npmRebuild: false,
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Utility',
    maintainer: 'Hospital IT <it@example.org>',
    synopsis: 'Hospital digital command centre: beds, equipment, network and cyber on one wall',
    // Walls need X11: on Wayland windows cannot be placed on a given display (electron#48749).
    executableArgs: ['--ozone-platform=x11'],
  },
  deb: { priority: 'optional' },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
}

module.exports = config
