import { describe, expect, it } from 'vitest'
import { distTargets, electronZip, isMaintainer, unavailableLine } from './distPreflight.ts'

const CONFIG_LINUX = ['AppImage', 'deb']

describe('dist preflight', () => {
  it('knows which platforms a command line packs and whether one target is a deb', () => {
    expect(distTargets([], 'linux', CONFIG_LINUX)).toEqual({ platforms: ['linux'], deb: true })
    expect(distTargets(['--linux', 'AppImage'], 'linux', CONFIG_LINUX)).toEqual({
      platforms: ['linux'],
      deb: false,
    })
    expect(distTargets(['--linux', 'deb', '--publish', 'never'], 'linux', CONFIG_LINUX)).toEqual({
      platforms: ['linux'],
      deb: true,
    })
    expect(distTargets(['--win'], 'linux', CONFIG_LINUX)).toEqual({ platforms: ['win32'], deb: false })
    expect(distTargets(['-l', '-w', 'nsis'], 'linux', CONFIG_LINUX)).toEqual({
      platforms: ['linux', 'win32'],
      deb: true,
    })
    expect(distTargets(['--mac'], 'linux', CONFIG_LINUX)).toMatchObject({
      error: expect.stringContaining('Mac'),
    })
  })

  it('names the zip electron-builder fetches, from the mirror when one is set', () => {
    expect(electronZip('45.4.1', 'linux', 'x64', {})).toEqual({
      platform: 'linux',
      fileName: 'electron-v45.4.1-linux-x64.zip',
      url: 'https://github.com/electron/electron/releases/download/v45.4.1/electron-v45.4.1-linux-x64.zip',
    })
    expect(
      electronZip('45.4.1', 'win32', 'x64', { ELECTRON_MIRROR: 'https://mirror.trust.example/electron' }).url,
    ).toBe('https://mirror.trust.example/electron/v45.4.1/electron-v45.4.1-win32-x64.zip')
  })

  it('says in one line what is fetched, why it cannot be, and how to supply it offline', () => {
    const line = unavailableLine(
      electronZip('45.4.1', 'linux', 'x64', {}),
      'ENOTFOUND',
      '/root/.cache/electron',
    )
    expect(line).not.toContain('\n')
    expect(line).toContain('electron-v45.4.1-linux-x64.zip')
    expect(line).toContain('(ENOTFOUND)')
    expect(line).toContain('WATCHFLOOR_ELECTRON_DIST')
    expect(line).toContain('electronDist')
    expect(line).toContain('/root/.cache/electron/')
  })

  it('wants a deb Maintainer as Debian writes it', () => {
    expect(isMaintainer('Trust IT <it@trust.example>')).toBe(true)
    expect(isMaintainer('Trust IT')).toBe(false)
    expect(isMaintainer(undefined)).toBe(false)
  })
})
