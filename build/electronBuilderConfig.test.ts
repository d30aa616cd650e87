import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)

type Config = Record<string, unknown> & {
  linux: Record<string, unknown>
  electronFuses: Record<string, boolean>
}
type Validate = (config: unknown, logger: unknown) => Promise<void>

const loadConfig = (): Config => structuredClone(require('./electron-builder.config.cjs') as Config)
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: Validate
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

const validate = (config: unknown): Promise<void> => validateConfiguration(config, new DebugLogger(false))

// The first schema validation loads electron-builder's schema and ajv: seconds on a loaded 2-core machine.
describe('electron-builder config', { timeout: 30_000 }, () => {
  it("passes electron-builder's own schema", async () => {
    await expect(validate(loadConfig())).resolves.toBeUndefined()
  })

  it('fails the schema on a typo, naming the bad key', async () => {
    const config = loadConfig()
    config.linux = { ...config.linux, targett: ['AppImage'] }
    await expect(validate(config)).rejects.toThrow(/configuration\.linux/)
  })

  it('turns the dangerous fuses off and the integrity fuses on', () => {
    expect(loadConfig().electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('builds AppImage + deb forced onto X11 and a Windows NSIS installer, without rebuilding natives', () => {
    const config = loadConfig()
    expect(config['productName']).toBe('Watchfloor')
    expect(config.linux['target']).toEqual(['AppImage', 'deb'])
    expect(config.linux['executableArgs']).toEqual(['--ozone-platform=x11'])
    expect((config['win'] as Record<string, unknown>)['target']).toEqual(['nsis'])
    expect(config['npmRebuild']).toBe(false)
    expect(config['files']).toContain('out/**/*')
  })

  it('packs, of node_modules, only net-snmp and what it depends on (the bundles hold the rest)', () => {
    const files = loadConfig()['files'] as string[]
    expect(files).toContain('!node_modules/**/*')
    expect(files.filter((pattern) => pattern.startsWith('node_modules/'))).toEqual([
      'node_modules/asn1-ber/**/*',
      'node_modules/net-snmp/**/*',
      'node_modules/smart-buffer/**/*',
    ])
  })

  it('names icons that are in the repository', () => {
    const config = loadConfig()
    const root = join(import.meta.dirname, '..')
    expect(config.linux['icon']).toBe('build/icons')
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(existsSync(join(root, `build/icons/${size}x${size}.png`))).toBe(true)
    }
    expect(existsSync(join(root, (config['win'] as Record<string, string>)['icon'] ?? 'missing'))).toBe(true)
  })

  describe('who ships the deb', () => {
    const path = require.resolve('./electron-builder.config.cjs')
    const fresh = (): Config => {
      delete require.cache[path]
      return loadConfig()
    }
    afterEach(() => {
      delete process.env['WATCHFLOOR_DEB_MAINTAINER']
      delete process.env['WATCHFLOOR_HOMEPAGE']
      delete require.cache[path]
    })

    it('takes the maintainer and homepage from the environment, and invents none', async () => {
      expect(fresh().linux['maintainer']).toBeUndefined()
      expect(fresh()['extraMetadata']).toBeUndefined()
      process.env['WATCHFLOOR_DEB_MAINTAINER'] = 'Trust IT <it@trust.example>'
      process.env['WATCHFLOOR_HOMEPAGE'] = 'https://intranet.trust.example/watchfloor'
      const config = fresh()
      expect(config.linux['maintainer']).toBe('Trust IT <it@trust.example>')
      expect(config['extraMetadata']).toEqual({ homepage: 'https://intranet.trust.example/watchfloor' })
      await expect(validate(config)).resolves.toBeUndefined()
    })
  })
})
