/**
 * KPI scopes: every KPI is rolled up trust → site → ward in the same pass, so a tile for one ward
 * and a tile for the trust read from the same computation.
 */

/** Where a KPI is read: the trust (empty), a site, or a ward (the ward wins when both are given). */
export type KpiScope = { readonly siteId?: string | undefined; readonly wardId?: string | undefined }

/** Counters at each level of the place hierarchy. */
export type Rollup<T> = {
  readonly trust: T
  readonly sites: ReadonlyMap<string, T>
  readonly wards: ReadonlyMap<string, T>
}

/**
 * The counters for a scope. A site or ward with nothing in it has no entry: the caller gets
 * `undefined`, which KPIs turn into "no value" rather than a misleading zero.
 */
export function pickScope<T>(rollup: Rollup<T>, scope: KpiScope): T | undefined {
  if (scope.wardId !== undefined) return rollup.wards.get(scope.wardId)
  if (scope.siteId !== undefined) return rollup.sites.get(scope.siteId)
  return rollup.trust
}

/** A stable string for a scope, for caches and sparkline keys. */
export function scopeKey(scope: KpiScope): string {
  if (scope.wardId !== undefined) return `ward:${scope.wardId}`
  if (scope.siteId !== undefined) return `site:${scope.siteId}`
  return 'trust'
}

/** Gets or creates the counters of `key` in a map the accumulator owns. */
export function counterFor<T>(map: Map<string, T>, key: string, create: () => T): T {
  let counters = map.get(key)
  if (counters === undefined) {
    counters = create()
    map.set(key, counters)
  }
  return counters
}
