import type { DisplayMode } from './Host.ts'

/** Where the browser host keeps the token so a reload works without the link (per tab only). */
export const TOKEN_STORAGE_KEY = 'watchfloor.token'

export type BrowserParams = {
  /** The access token, or null when neither the link nor this tab's session has one. */
  readonly token: string | null
  /** Whether the token came from the URL fragment (and so the fragment must be cleared). */
  readonly tokenFromUrl: boolean
  readonly mode: DisplayMode
  readonly boardId: string | null
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>

/**
 * Reads the page's parameters. The token travels in the fragment (`#token=…`), which browsers
 * never send to a server or put in a Referer; `?mode=wall&board=…` choose the display.
 */
export function readBrowserParams(search: string, hash: string, storage: Storage): BrowserParams {
  const query = new URLSearchParams(search)
  const fragment = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash)
  const fromUrl = fragment.get('token')
  const token = fromUrl && fromUrl.length > 0 ? fromUrl : storage.getItem(TOKEN_STORAGE_KEY)
  if (fromUrl) storage.setItem(TOKEN_STORAGE_KEY, fromUrl)
  const mode = (query.get('mode') ?? fragment.get('mode')) === 'wall' ? 'wall' : 'desktop'
  const boardId = query.get('board') ?? fragment.get('board')
  return { token: token && token.length > 0 ? token : null, tokenFromUrl: Boolean(fromUrl), mode, boardId }
}

/** The fragment without the token(s), so they leave the address bar, history and screenshots. */
export function fragmentWithoutToken(hash: string): string {
  const fragment = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash)
  fragment.delete('token')
  // A collaborative's gateway list carries a token per trust (collaborativeParams.ts).
  fragment.delete('trusts')
  fragment.delete('name')
  const rest = fragment.toString()
  return rest ? `#${rest}` : ''
}
