import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { INSTALL_SECRET_FILE, loadOrCreateInstallSecret } from './installSecret.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wf-secret-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('loadOrCreateInstallSecret', () => {
  it('creates a 32-byte secret, owner-only, in a directory it creates, and reads the same one back', async () => {
    const data = join(dir, 'data', 'gateway')
    const first = await loadOrCreateInstallSecret(data)
    if (!first.ok) throw new Error(first.error)
    expect(first.created).toBe(true)
    expect(first.secret).toHaveLength(32)
    expect(first.warnings).toEqual([])
    if (process.platform !== 'win32') {
      expect((await stat(first.path)).mode & 0o777).toBe(0o600)
      expect((await stat(data)).mode & 0o777).toBe(0o700)
    }
    const second = await loadOrCreateInstallSecret(data)
    if (!second.ok) throw new Error(second.error)
    expect(second.created).toBe(false)
    expect(second.secret.equals(first.secret)).toBe(true)
  })

  it('gives two installs different secrets', async () => {
    const a = await loadOrCreateInstallSecret(join(dir, 'a'))
    const b = await loadOrCreateInstallSecret(join(dir, 'b'))
    expect(a.ok && b.ok && a.secret.equals(b.secret)).toBe(false)
  })

  it.skipIf(process.platform === 'win32')('tightens a file others can read, and says so', async () => {
    const created = await loadOrCreateInstallSecret(dir)
    if (!created.ok) throw new Error(created.error)
    await chmod(created.path, 0o644)
    const again = await loadOrCreateInstallSecret(dir)
    expect(again.ok && again.warnings).toEqual([expect.stringContaining('readable by others')])
    expect((await stat(created.path)).mode & 0o777).toBe(0o600)
  })

  it('refuses a file that is not a secret, and leaves it as it was', async () => {
    const path = join(dir, INSTALL_SECRET_FILE)
    await writeFile(path, 'not hex\n', { mode: 0o600 })
    const result = await loadOrCreateInstallSecret(dir)
    expect(result).toEqual({ ok: false, error: expect.stringContaining('is not an install secret') })
    expect(await readFile(path, 'utf8')).toBe('not hex\n')
  })

  it('reports a directory it cannot create', async () => {
    const file = join(dir, 'plain-file')
    await writeFile(file, '')
    const result = await loadOrCreateInstallSecret(join(file, 'sub'))
    expect(result).toEqual({ ok: false, error: expect.stringContaining('cannot create') })
  })
})
