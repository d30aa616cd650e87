import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryLogger } from './logger.ts'
import { DEFAULT_SETTINGS, diskSettingsFile, openSettings } from './settings.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-settings-'))
  dirs.push(dir)
  return join(dir, 'settings.json')
}

describe('settings', () => {
  it('starts from defaults (wall mode, embedded gateway) when there is no file', () => {
    const store = openSettings(diskSettingsFile(tempFile()), createMemoryLogger().logger)
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    expect(store.get()).toMatchObject({ mode: 'wall', gateway: null, displays: [] })
  })

  it('writes changes atomically and reads them back', () => {
    const path = tempFile()
    const store = openSettings(diskSettingsFile(path), createMemoryLogger().logger)
    store.update((s) => ({
      ...s,
      mode: 'desktop',
      displays: [{ displayId: 1, label: 'Dell', position: 0, boardId: 'capacity', rotation: null }],
    }))
    const reopened = openSettings(diskSettingsFile(path), createMemoryLogger().logger)
    expect(reopened.get().mode).toBe('desktop')
    expect(reopened.get().displays[0]?.boardId).toBe('capacity')
    // No temp file left behind.
    expect(readdirSync(join(path, '..'))).toEqual(['settings.json'])
  })

  it('sets a corrupt or invalid file aside, logs it and uses defaults', () => {
    for (const text of ['{not json', JSON.stringify({ mode: 'kiosk' })]) {
      const path = tempFile()
      writeFileSync(path, text)
      const { logger, lines } = createMemoryLogger()
      expect(openSettings(diskSettingsFile(path), logger).get()).toEqual(DEFAULT_SETTINGS)
      expect(lines.some((l) => l.level === 'warn')).toBe(true)
      const aside = readdirSync(join(path, '..')).find((f) => f.startsWith('settings.json.bad-'))
      expect(aside && readFileSync(join(path, '..', aside), 'utf8')).toBe(text)
    }
  })

  it('refuses to store invalid settings', () => {
    const store = openSettings(diskSettingsFile(tempFile()), createMemoryLogger().logger)
    expect(() => store.update((s) => ({ ...s, gateway: { url: 'file:///x', token: 't' } }))).toThrow()
    expect(store.get().gateway).toBeNull()
  })

  it('keeps a gateway with its token sealed, accepts one written in clear (to be sealed), never both', () => {
    for (const gateway of [
      { url: 'https://gw.trust.example', sealedToken: 'c2VhbGVk' },
      { url: 'https://gw.trust.example', token: 'wall-token-0001' },
    ]) {
      const path = tempFile()
      writeFileSync(path, JSON.stringify({ gateway }))
      expect(openSettings(diskSettingsFile(path), createMemoryLogger().logger).get().gateway).toEqual(gateway)
    }
    const path = tempFile()
    writeFileSync(path, JSON.stringify({ gateway: { url: 'https://gw', token: 't', sealedToken: 's' } }))
    expect(openSettings(diskSettingsFile(path), createMemoryLogger().logger).get().gateway).toBeNull()
  })
})
