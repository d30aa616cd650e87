/**
 * What `npm run dist` needs before it starts a build that would otherwise fail after a minute with
 * only `getaddrinfo ENOTFOUND`: the Electron zip for each platform it packs (supplied offline,
 * already cached, or fetchable), and a deb Maintainer when it builds a deb. Pure decisions here;
 * scripts/dist.ts does the looking and the fetching.
 */

export type DistPlatform = 'linux' | 'win32'

/** The Electron download for one platform: the file electron-builder fetches, and from where. */
export type ElectronZip = { readonly platform: DistPlatform; readonly fileName: string; readonly url: string }

export const DEFAULT_ELECTRON_MIRROR = 'https://github.com/electron/electron/releases/download/'

export function electronZip(
  version: string,
  platform: DistPlatform,
  arch: string,
  env: NodeJS.ProcessEnv,
): ElectronZip {
  const fileName = `electron-v${version}-${platform}-${arch}.zip`
  const mirror = env['ELECTRON_MIRROR'] ?? DEFAULT_ELECTRON_MIRROR
  const base = mirror.endsWith('/') ? mirror : `${mirror}/`
  return { platform, fileName, url: `${base}v${version}/${fileName}` }
}

export type DistTargets = { readonly platforms: readonly DistPlatform[]; readonly deb: boolean }

const PLATFORM_FLAGS: Readonly<Record<string, DistPlatform | 'mac'>> = {
  '--linux': 'linux',
  '-l': 'linux',
  '--win': 'win32',
  '-w': 'win32',
  '--mac': 'mac',
  '-m': 'mac',
}

/**
 * The platforms an electron-builder command line packs and whether one of its targets is a deb:
 * `--linux [targets…]`, `--win [targets…]`; no platform flag means the host's platform; a platform
 * flag without targets means the config's (Linux: AppImage and deb).
 */
export function distTargets(
  args: readonly string[],
  host: NodeJS.Platform,
  configLinuxTargets: readonly string[],
): DistTargets | { readonly error: string } {
  const platforms = new Set<DistPlatform>()
  let deb = false
  let current: DistPlatform | null = null
  let listed: string[] = []
  const close = (): void => {
    if (current === 'linux') deb ||= (listed.length === 0 ? configLinuxTargets : listed).includes('deb')
    current = null
    listed = []
  }
  for (const arg of args) {
    const platform = PLATFORM_FLAGS[arg]
    if (platform !== undefined) {
      close()
      if (platform === 'mac') return { error: 'macOS builds need a Mac; this config packs Linux and Windows' }
      platforms.add(platform)
      current = platform
    } else if (arg.startsWith('-')) close()
    else if (current !== null) listed.push(...arg.split(','))
  }
  close()
  if (platforms.size === 0) {
    if (host === 'linux') return { platforms: ['linux'], deb: configLinuxTargets.includes('deb') }
    if (host === 'win32') return { platforms: ['win32'], deb: false }
    return { error: `no platform given and this host (${host}) is not one we pack on: add --linux or --win` }
  }
  return { platforms: [...platforms], deb }
}

/** Where the zip can come from, in the order tried. */
export type ZipSource =
  | { readonly kind: 'offline'; readonly path: string }
  | { readonly kind: 'cached'; readonly path: string }
  | { readonly kind: 'fetch'; readonly url: string }
  | { readonly kind: 'unavailable'; readonly reason: string }

/** The one line `npm run dist` prints when a zip cannot be had: what, from where, and the fix. */
export function unavailableLine(zip: ElectronZip, reason: string, cacheRoot: string): string {
  return (
    `npm run dist needs ${zip.fileName} (the Electron runtime it packs) from ${zip.url}, which cannot be fetched ` +
    `here (${reason}). Offline: put that file in ${cacheRoot}/, or set WATCHFLOOR_ELECTRON_DIST to it, to a ` +
    'directory holding it, or to an unpacked Electron of that version (electron-builder electronDist); ' +
    'or set ELECTRON_MIRROR to a reachable mirror. See docs/packaging.md.'
  )
}

export const MAINTAINER_LINE =
  'npm run dist builds a deb, whose Maintainer field must name who ships it: set ' +
  'WATCHFLOOR_DEB_MAINTAINER="Your Trust IT <it@your-trust.nhs.uk>" (or build only AppImage: npm run dist -- --linux AppImage).'

/** `Name <email>`, as Debian's Maintainer field wants it. */
export const isMaintainer = (value: string | undefined): boolean =>
  value !== undefined && /^[^<>]+ <[^<>\s]+@[^<>\s]+>$/.test(value.trim())
