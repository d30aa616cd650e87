import { siteModelSchema } from '../contracts/places.ts'
import type { HubFetch } from './FeedSocketPort.ts'
import { errorName, type HubDiagnostics } from './HubDiagnostics.ts'
import type { HubReplica } from './HubReplica.ts'
import type { RetryTimers } from './RetryTimers.ts'

export type SiteModelLoaderOptions = {
  readonly fetch: HubFetch
  readonly gatewayUrl: string
  readonly token: string
  readonly replica: HubReplica
  readonly diagnostics: HubDiagnostics
  readonly retries: RetryTimers
}

/**
 * Loads the site model (sites, buildings, levels, units) over HTTP with the bearer token, once per
 * connection until it has one; retries while the gateway fails, and sends the ETag so an unchanged
 * model costs a 304.
 */
export class SiteModelLoader {
  private readonly options: SiteModelLoaderOptions
  private loading = false
  private etag: string | null = null

  constructor(options: SiteModelLoaderOptions) {
    this.options = options
  }

  /** Starts a load unless the replica already has a model or one is in flight. */
  loadIfMissing(): void {
    if (this.options.replica.hasSiteModel) return
    this.start()
  }

  private start(): void {
    this.options.diagnostics.detach('site model load', this.load())
  }

  private async load(): Promise<void> {
    if (this.loading) return
    this.loading = true
    const { fetch, gatewayUrl, token, replica, diagnostics, retries } = this.options
    const headers: Record<string, string> = { authorization: `Bearer ${token}` }
    if (this.etag) headers['if-none-match'] = this.etag
    try {
      const response = await fetch(`${gatewayUrl}/v1/site-model`, { headers })
      if (response.status === 304) return
      if (!response.ok) {
        diagnostics.logger.warn('site model request failed', { status: response.status })
        retries.later('site-model', () => this.start())
        return
      }
      const parsed = siteModelSchema.safeParse(await response.json())
      if (!parsed.success) {
        diagnostics.reject('site model', parsed.error)
        return
      }
      this.etag = response.headers.get('etag')
      replica.setSiteModel(parsed.data)
      diagnostics.logger.info('site model loaded', {
        sites: parsed.data.sites.length,
        units: parsed.data.units.length,
      })
    } catch (error) {
      diagnostics.logger.warn('site model request failed', { error: errorName(error) })
      retries.later('site-model', () => this.start())
    } finally {
      this.loading = false
    }
  }
}
