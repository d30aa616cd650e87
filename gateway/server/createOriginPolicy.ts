/**
 * Origin allowlist for browser requests (socket.io handshakes and HTTP). A request with no Origin
 * header is a non-browser client (the Electron hub in Node, curl, Prometheus) and is allowed — it
 * still needs a token. A browser Origin must be the gateway's own or listed in `origins`; this
 * stops a page on another site from using a token the browser happens to hold.
 */
export type OriginPolicy = {
  allows(origin: string | undefined): boolean
  /** Adds the gateway's own origins once its port is known. */
  addSelf(scheme: 'http' | 'https', host: string, port: number): void
}

const normalise = (origin: string): string => origin.trim().toLowerCase().replace(/\/$/, '')

export function createOriginPolicy(configured: readonly string[]): OriginPolicy {
  const allowed = new Set(configured.map(normalise))
  return {
    allows: (origin) => origin === undefined || allowed.has(normalise(origin)),
    addSelf: (scheme, host, port) => {
      const hosts = new Set(['127.0.0.1', 'localhost', '[::1]'])
      // A wildcard bind has no one name: deployments reached by hostname list it in `origins`.
      if (host !== '0.0.0.0' && host !== '::') hosts.add(host.includes(':') ? `[${host}]` : host)
      for (const name of hosts) allowed.add(`${scheme}://${name}:${port}`)
    },
  }
}
