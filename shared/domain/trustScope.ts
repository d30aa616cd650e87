/**
 * Trust scoping for a collaborative: several sovereign gateways, one per trust, merged by one hub.
 * Each trust chooses its ids alone, so two trusts may both have a ward `w-1` or a site `ngh`;
 * merged, every id becomes `<trust>/<id>` (`rwt/w-1`, `dgft/w-1`) and nothing collides.
 *
 * The rule is generic so it holds for every topic, present and future (docs/collaborative.md):
 * a field named `id`, or ending in `Id` (a string), or `Ids` (strings), is an id and is scoped,
 * at any depth (a device's `links[].peerId`). Anything else is left as it is. Trust keys cannot
 * contain `/`, so the first `/` of a scoped id always separates the trust.
 */
/** The separator between a trust key and the trust's own id. */
export const TRUST_SEPARATOR = '/'

/** `trust/id`. */
export function scopeId(trust: string, id: string): string {
  return `${trust}${TRUST_SEPARATOR}${id}`
}

/** The trust and the trust's own id of a scoped id; null when the id is not scoped. */
export function splitScopedId(scoped: string): { readonly trust: string; readonly id: string } | null {
  const at = scoped.indexOf(TRUST_SEPARATOR)
  if (at <= 0 || at === scoped.length - 1) return null
  return { trust: scoped.slice(0, at), id: scoped.slice(at + 1) }
}

/** The trust of a scoped id, or null when it has none (a single-gateway app). */
export function trustOfId(scoped: string): string | null {
  return splitScopedId(scoped)?.trust ?? null
}

const isIdKey = (key: string): boolean => key === 'id' || key.endsWith('Id')
const isIdListKey = (key: string): boolean => key.endsWith('Ids')

/**
 * A copy of `value` with every id field scoped by `trust` (see the module comment). Plain data in,
 * plain data out; the input is never mutated.
 */
export function scopeRecord<T>(trust: string, value: T): T {
  return scopeValue(trust, value, null) as T
}

function scopeValue(trust: string, value: unknown, key: string | null): unknown {
  if (typeof value === 'string') return key !== null && isIdKey(key) ? scopeId(trust, value) : value
  if (Array.isArray(value)) {
    if (key !== null && isIdListKey(key))
      return value.map((item) => (typeof item === 'string' ? scopeId(trust, item) : item))
    return value.map((item) => scopeValue(trust, item, null))
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = scopeValue(trust, v, k)
    return out
  }
  return value
}

/**
 * An IMDF floor plan of one trust's level, with the hospital extension's place references
 * (`nhs:unitId`, `nhs:bedId`, … in feature properties) scoped, so the map joins it to the merged
 * site model and the merged beds.
 */
export function scopeFloorPlan(trust: string, plan: unknown): unknown {
  if (typeof plan !== 'object' || plan === null || !('features' in plan) || !Array.isArray(plan.features))
    return plan
  return {
    ...plan,
    features: (plan.features as unknown[]).map((feature) => {
      if (typeof feature !== 'object' || feature === null || !('properties' in feature)) return feature
      const properties = feature.properties
      if (typeof properties !== 'object' || properties === null) return feature
      const scoped: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(properties)) {
        scoped[k] = k.startsWith('nhs:') && k.endsWith('Id') && typeof v === 'string' ? scopeId(trust, v) : v
      }
      return { ...feature, properties: scoped }
    }),
  }
}
