// @ts-check
/**
 * electron-builder 26 configuration (`npm run dist`: it needs the Electron zip and the
 * deb/AppImage/NSIS toolsets, downloaded or supplied offline — docs/packaging.md). Validated
 * offline against electron-builder's own schema by build/electronBuilderConfig.test.ts; the app it
 * packs is measured by `npm run pack:check`.
 *
 * Only the bundles in out/ are packed: main, preload and the gateway are self-contained builds,
 * the renderer is static files. Of node_modules, only what the bundles load at run time
 * (build/runtimeModules.json: net-snmp and its dependencies) goes in; without that filter
 * electron-builder packs every production dependency, which the bundles already contain (87 MB).
 *
 * The deb's Maintainer is whoever ships the package — a trust's IT team — so it comes from
 * WATCHFLOOR_DEB_MAINTAINER ("Name <email>"); `npm run dist` refuses to build a deb without it.
 *
 * @type {import('app-builder-lib').Configuration}
 */
// CommonJS: electron-builder loads this file with require().
const { existsSync, readFileSync } = require('node:fs')
const { dirname, join, relative, resolve } = require('node:path')

/**
 * The npm packages the built bundles load from node_modules at run time (build/runtimeModules.json;
 * today net-snmp, which the gateway's SNMP adapter loads with createRequire: it is CommonJS with
 * runtime requires of its own). `npm run pack:check` fails when the bundles and this list disagree.
 * @type {string[]}
 */
const RUNTIME_MODULES = JSON.parse(readFileSync(join(__dirname, 'runtimeModules.json'), 'utf8'))

/** Where Node would find `name` from `fromDir`: the nearest node_modules/name up the tree. */
function findPackageDir(name, fromDir, root) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dir === root || dirname(dir) === dir) return null
  }
}

/**
 * The package directories (relative to root) of the runtime modules and everything they depend
 * on, as Node would resolve them. A module that is not installed is an error, not a gap in the app.
 * @param {readonly string[]} names
 * @param {string} root
 * @returns {string[]}
 */
function runtimePackageDirs(names, root = resolve(__dirname, '..')) {
  const found = new Set()
  /** @param {string} name @param {string} fromDir */
  const visit = (name, fromDir) => {
    const dir = findPackageDir(name, fromDir, root)
    if (dir === null) throw new Error(`build/electron-builder.config.cjs: ${name} is not installed (npm ci)`)
    const rel = relative(root, dir).split('\\').join('/')
    if (found.has(rel)) return
    found.add(rel)
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir)
  }
  for (const name of names) visit(name, root)
  return [...found].sort()
}

const maintainer = process.env.WATCHFLOOR_DEB_MAINTAINER?.trim()
/** The deb's Homepage: the trust's own page for the service, when it has one. */
const homepage = process.env.WATCHFLOOR_HOMEPAGE?.trim()

const config = {
  appId: 'uk.nhs.watchfloor',
  productName: 'Watchfloor',
  copyright: 'Watchfloor contributors',
  directories: { output: 'release', buildResources: 'build' },
  files: [
    'out/**/*',
    '!out/**/*.map',
    '!out/bench-*/**',
    'package.json',
    '!node_modules/**/*',
    ...runtimePackageDirs(RUNTIME_MODULES).map((dir) => `${dir}/**/*`),
  ],
  extraResources: [{ from: 'resources', to: 'resources', filter: ['**/*'] }],
  asar: true,
  ...(homepage ? { extraMetadata: { homepage } } : {}),
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
    icon: 'build/icons',
    ...(maintainer ? { maintainer } : {}),
    synopsis: 'Hospital digital command centre: beds, equipment, network and cyber on one wall',
    // Walls need X11: on Wayland windows cannot be placed on a given display (electron#48749).
    executableArgs: ['--ozone-platform=x11'],
  },
  deb: { priority: 'optional' },
  win: { target: ['nsis'], icon: 'build/icon.ico' },
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
}

module.exports = config
