import { describe, expect, it } from 'vitest'
import { openStoredGateway, type SecretBox } from './tokenVault.ts'

/** A keychain stand-in: "seals" by reversing and tagging; `reseal` marks a rotated key. */
function fakeBox(options: { available?: boolean; rotated?: boolean } = {}): SecretBox & { sealed: string[] } {
  const sealed: string[] = []
  return {
    sealed,
    available: async () => options.available ?? true,
    seal: async (text) => {
      const out = `sealed:${[...text].reverse().join('')}`
      sealed.push(out)
      return out
    },
    open: async (value) =>
      value.startsWith('sealed:')
        ? { text: [...value.slice(7)].reverse().join(''), reseal: options.rotated ?? false }
        : null,
  }
}

describe('openStoredGateway', () => {
  it('seals a token written in clear, so settings never hold it in clear again', async () => {
    const box = fakeBox()
    const opened = await openStoredGateway({ url: 'https://gw', token: 'wall-token-0001' }, box)
    expect(opened).toEqual({
      ok: true,
      gateway: { url: 'https://gw', token: 'wall-token-0001' },
      store: { url: 'https://gw', sealedToken: 'sealed:1000-nekot-llaw' },
      inClear: false,
    })
    expect(JSON.stringify(opened.ok && opened.store)).not.toContain('wall-token-0001')
  })

  it("keeps a cluster's other gateway addresses when it seals the token", async () => {
    const opened = await openStoredGateway(
      { url: 'https://gw1', alternateUrls: ['https://gw2'], token: 'wall-token-0001' },
      fakeBox(),
    )
    expect(opened).toMatchObject({
      ok: true,
      gateway: { url: 'https://gw1', alternateUrls: ['https://gw2'] },
      store: { url: 'https://gw1', alternateUrls: ['https://gw2'] },
    })
  })

  it('unseals a sealed token, and seals it again when the key was rotated', async () => {
    const stored = { url: 'https://gw', sealedToken: 'sealed:1000-nekot-llaw' }
    expect(await openStoredGateway(stored, fakeBox())).toMatchObject({
      ok: true,
      gateway: { token: 'wall-token-0001' },
      store: null,
    })
    const rotated = await openStoredGateway(stored, fakeBox({ rotated: true }))
    expect(rotated).toMatchObject({ ok: true, store: { sealedToken: 'sealed:1000-nekot-llaw' } })
  })

  it('keeps a clear token where the OS has no keychain, and says so', async () => {
    expect(await openStoredGateway({ url: 'https://gw', token: 't' }, fakeBox({ available: false }))).toEqual(
      {
        ok: true,
        gateway: { url: 'https://gw', token: 't' },
        store: null,
        inClear: true,
      },
    )
  })

  it('explains a sealed token it cannot open', async () => {
    expect(await openStoredGateway({ url: 'https://gw', sealedToken: 'other-machine' }, fakeBox())).toEqual({
      ok: false,
      error: expect.stringContaining('cannot be unsealed'),
    })
    expect(
      await openStoredGateway({ url: 'https://gw', sealedToken: 'sealed:x' }, fakeBox({ available: false })),
    ).toEqual({ ok: false, error: expect.stringContaining('OS keychain is not available') })
  })
})
