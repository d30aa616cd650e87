/**
 * The gateway token at rest: sealed with the OS keychain (Electron safeStorage: DPAPI on Windows,
 * the Keychain on macOS, libsecret/KWallet on Linux) before it is written to settings, unsealed
 * only in main's memory. A token written in clear (by hand, or by a version before this) is
 * sealed on the next start and the clear copy removed. Where the OS offers no keychain (Linux
 * without a secret service: safeStorage falls back to a fixed key) the token stays as written and
 * every start warns: give it by `--token-file` or `WATCHFLOOR_TOKEN` instead.
 */
import type { GatewaySetting, StoredGateway } from './settings.ts'

/** What main needs of safeStorage; electron/adapters/electronSecretBox.ts is the real one. */
export type SecretBox = {
  /** True only when sealing really protects the text (not Linux's basic_text fallback). */
  available(): Promise<boolean>
  seal(text: string): Promise<string>
  /** The text, and whether it should be sealed again (the key was rotated); null when it cannot be opened. */
  open(sealed: string): Promise<{ readonly text: string; readonly reseal: boolean } | null>
}

export type OpenedGateway =
  | {
      readonly ok: true
      readonly gateway: GatewaySetting
      /** Write this back to settings (newly or freshly sealed); null when nothing changes. */
      readonly store: StoredGateway | null
      /** The token is kept in clear because the OS has no keychain. */
      readonly inClear: boolean
    }
  | { readonly ok: false; readonly error: string }

/** The gateway of the settings file, its token unsealed (and sealed, when it was in clear). */
export async function openStoredGateway(stored: StoredGateway, box: SecretBox): Promise<OpenedGateway> {
  const available = await box.available()
  if (stored.sealedToken !== undefined) {
    if (!available) {
      return {
        ok: false,
        error: 'the gateway token in settings is sealed, and the OS keychain is not available',
      }
    }
    const opened = await box.open(stored.sealedToken)
    if (opened === null) {
      return {
        ok: false,
        error:
          'the gateway token in settings cannot be unsealed (copied from another user or machine?); set it again',
      }
    }
    const gateway = { ...alternatesOf(stored), url: stored.url, token: opened.text }
    const store = opened.reseal
      ? { ...alternatesOf(stored), url: stored.url, sealedToken: await box.seal(opened.text) }
      : null
    return { ok: true, gateway, store, inClear: false }
  }
  const token = stored.token ?? ''
  if (!available)
    return {
      ok: true,
      gateway: { ...alternatesOf(stored), url: stored.url, token },
      store: null,
      inClear: true,
    }
  return {
    ok: true,
    gateway: { ...alternatesOf(stored), url: stored.url, token },
    store: { ...alternatesOf(stored), url: stored.url, sealedToken: await box.seal(token) },
    inClear: false,
  }
}

/** The cluster's other gateway addresses, carried unchanged when the token is sealed. */
function alternatesOf(stored: StoredGateway): { alternateUrls?: string[] } {
  return stored.alternateUrls === undefined ? {} : { alternateUrls: stored.alternateUrls }
}
