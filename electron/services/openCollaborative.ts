/**
 * A collaborative's gateways from the settings file (`collaborative`, docs/collaborative.md): each
 * trust's token unsealed — and sealed, when it was written in clear — as `gateway`'s is
 * (tokenVault.ts), then the list checked against the shared contract. A list that cannot be used
 * is an error naming the trust, never a silent fall-back to one gateway.
 */
import {
  collaborativeGatewaysSchema,
  type CollaborativeGateways,
} from '../../shared/contracts/collaborative.ts'
import type { StoredCollaborativeGateway } from './settings.ts'
import { openStoredGateway, type SecretBox } from './tokenVault.ts'

export type OpenedCollaborative =
  | {
      readonly ok: true
      readonly gateways: CollaborativeGateways
      /** Write this back to settings (tokens newly or freshly sealed); null when nothing changes. */
      readonly store: readonly StoredCollaborativeGateway[] | null
      /** Trusts whose token stays in clear because the OS has no keychain. */
      readonly inClear: readonly string[]
    }
  | { readonly ok: false; readonly error: string }

export async function openCollaborative(
  stored: readonly StoredCollaborativeGateway[],
  box: SecretBox,
): Promise<OpenedCollaborative> {
  const gateways: { trust: string; url: string; token: string }[] = []
  const store: StoredCollaborativeGateway[] = []
  const inClear: string[] = []
  let changed = false
  for (const entry of stored) {
    const { trust, ...gateway } = entry
    const opened = await openStoredGateway(gateway, box)
    if (!opened.ok) return { ok: false, error: `trust ${trust}: ${opened.error}` }
    gateways.push({ trust, url: opened.gateway.url.replace(/\/$/, ''), token: opened.gateway.token })
    if (opened.store !== null) {
      changed = true
      store.push({ trust, ...opened.store })
    } else store.push(entry)
    if (opened.inClear) inClear.push(trust)
  }
  const parsed = collaborativeGatewaysSchema.safeParse(gateways)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      error: `collaborative: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    }
  }
  return { ok: true, gateways: parsed.data, store: changed ? store : null, inClear }
}
