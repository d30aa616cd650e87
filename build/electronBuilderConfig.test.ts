import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

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

describe('electron-builder config', () => {
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
})
