import { describe, expect, it } from 'vitest'
import { openCollaborative } from './openCollaborative.ts'
import type { SecretBox } from './tokenVault.ts'

/** A keychain that "seals" by reversing: enough to see what was sealed and opened. */
const box = (available: boolean): SecretBox => ({
  available: async () => available,
  seal: async (text) => `sealed:${[...text].reverse().join('')}`,
  open: async (sealed) =>
    sealed.startsWith('sealed:') ? { text: [...sealed.slice(7)].reverse().join(''), reseal: false } : null,
})

describe('openCollaborative', () => {
  it('unseals every trust’s token, and seals the ones written in clear', async () => {
    const opened = await openCollaborative(
      [
        { trust: 'ngt', url: 'https://gw-ngt.example.nhs.uk', sealedToken: 'sealed:1-nekot' },
        { trust: 'kvh', url: 'https://gw-kvh.example.nhs.uk/', token: 'token-2' },
      ],
      box(true),
    )
    expect(opened).toMatchObject({
      ok: true,
      gateways: [
        { trust: 'ngt', url: 'https://gw-ngt.example.nhs.uk', token: 'token-1' },
        { trust: 'kvh', url: 'https://gw-kvh.example.nhs.uk', token: 'token-2' },
      ],
      inClear: [],
    })
    expect(opened.ok && opened.store?.[1]).toEqual({
      trust: 'kvh',
      url: 'https://gw-kvh.example.nhs.uk/',
      sealedToken: 'sealed:2-nekot',
    })
  })

  it('names the trust whose token cannot be opened, and uses none of the list', async () => {
    const opened = await openCollaborative(
      [
        { trust: 'ngt', url: 'https://gw-ngt.example.nhs.uk', token: 'token-1' },
        { trust: 'kvh', url: 'https://gw-kvh.example.nhs.uk', sealedToken: 'from-another-machine' },
      ],
      box(true),
    )
    expect(opened.ok).toBe(false)
    expect(opened.ok ? '' : opened.error).toMatch(/^trust kvh: .*cannot be unsealed/)
  })

  it('refuses a gateway address the hub cannot use (a path), naming it', async () => {
    const opened = await openCollaborative(
      [{ trust: 'ngt', url: 'https://gw-ngt.example.nhs.uk/feed', token: 'token-1' }],
      box(false),
    )
    expect(opened.ok ? '' : opened.error).toMatch(/^collaborative: 0\.url/)
  })
})
