/**
 * How a client's link to its gateway is protected, from the gateway URL alone. A token and the
 * feed cross the network in clear when the gateway is reached over http/ws on anything but this
 * machine, and the status strip says so (INSECURE LINK) rather than let it pass unnoticed.
 */

/** `tls`: https/wss. `loopback`: http/ws to this machine. `insecure`: http/ws over the network. */
export type LinkSecurity = 'tls' | 'loopback' | 'insecure'

const URL_HEAD = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[0-9a-f:.]+\]|[^:/?#]*)/i

/**
 * The protection of the link to `url`, or null when it is not an http(s)/ws(s) URL. Loopback is
 * 127.0.0.0/8, `::1`, `localhost` and names under `.localhost` (RFC 6761), as browsers treat them.
 */
export function linkSecurityOf(url: string): LinkSecurity | null {
  const match = URL_HEAD.exec(url)
  if (match === null) return null
  const scheme = (match[1] ?? '').toLowerCase()
  if (scheme === 'https' || scheme === 'wss') return 'tls'
  if (scheme !== 'http' && scheme !== 'ws') return null
  return isLoopbackHost((match[2] ?? '').toLowerCase()) ? 'loopback' : 'insecure'
}

function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (host === '[::1]' || host === '[0:0:0:0:0:0:0:1]') return true
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255)
}
