import {
  COLLABORATIVE_PARAM,
  collaborativeGatewaysSchema,
  type CollaborativeGateways,
} from '../../shared/contracts/collaborative.ts'

/** Where the browser host keeps a collaborative's gateway list so a reload works (per tab only). */
export const GATEWAYS_STORAGE_KEY = 'watchfloor.gateways'

const NAME_STORAGE_KEY = 'watchfloor.collaborative-name'

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>

export type CollaborativeParams =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'gateways'
      readonly gateways: CollaborativeGateways
      readonly fromUrl: boolean
      /** The collaborative's name for the status strip (`&name=`), when the link gives one. */
      readonly name: string | null
    }
  | { readonly kind: 'invalid'; readonly error: string }

/** base64url of UTF-8 JSON: what `npm run demo:collaborative` and docs/collaborative.md write. */
export function encodeGateways(gateways: CollaborativeGateways): string {
  const bytes = new TextEncoder().encode(JSON.stringify(gateways))
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function decode(text: string): unknown {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown
}

/**
 * A collaborative's gateways from the link's fragment (`#trusts=<base64url JSON>`: a list of
 * `{ trust, url, token }`) or, after a reload, from this tab's session. The fragment never reaches
 * a server; the host removes it from the address bar. A list that does not parse is an error the
 * page shows, never a silent fall-back to one gateway.
 */
export function readCollaborativeParams(hash: string, storage: Storage): CollaborativeParams {
  const fragment = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash)
  const fromUrl = fragment.get(COLLABORATIVE_PARAM)
  const raw = fromUrl !== null && fromUrl.length > 0 ? fromUrl : storage.getItem(GATEWAYS_STORAGE_KEY)
  if (raw === null || raw.length === 0) return { kind: 'none' }
  let json: unknown
  try {
    json = decode(raw)
  } catch {
    return { kind: 'invalid', error: 'The gateway list in the link is not base64url JSON' }
  }
  const parsed = collaborativeGatewaysSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      kind: 'invalid',
      error:
        `The gateway list in the link is not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    }
  }
  if (fromUrl !== null) storage.setItem(GATEWAYS_STORAGE_KEY, raw)
  if (fromUrl !== null && fragment.get('name')) storage.setItem(NAME_STORAGE_KEY, fragment.get('name') ?? '')
  const name =
    (fromUrl !== null ? fragment.get('name') : storage.getItem(NAME_STORAGE_KEY))?.slice(0, 120) ?? null
  return {
    kind: 'gateways',
    gateways: parsed.data,
    fromUrl: fromUrl !== null,
    name: name === '' ? null : name,
  }
}
