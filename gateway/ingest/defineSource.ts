/**
 * How an adapter folder declares itself to the gateway: the zod schema of its config section
 * (an object whose `kind` is a literal, so the config's `sources` list is a discriminated union on
 * `kind`) and a factory. `gateway/adapters/registry.ts` maps each kind to one definition.
 */
import type { z } from 'zod'
import type { SourceKind } from '../../shared/contracts/entities.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import type { SourceAdapter } from './sourceAdapter.ts'
import type { Logger } from '../log/Logger.ts'

/** What a factory may use while building its adapter. */
export type SourceEnvironment = {
  readonly log: Logger
  readonly now: () => number
  /** Directory of the config file, to resolve relative paths in a source's config. */
  readonly configDir: string
}

/**
 * A built source. A source that also defines the places (the demo trust) returns its site model
 * and floor plans (IMDF FeatureCollections by level id); others return only the adapter.
 */
export type CreatedSource = {
  readonly adapter: SourceAdapter
  readonly siteModel?: SiteModel
  readonly floorPlans?: ReadonlyMap<string, unknown>
}

/** The registry's view of a source kind, with its config type erased. */
export type SourceDefinition = {
  readonly kind: SourceKind
  readonly schema: z.ZodObject
  /** Parses `config` with `schema` again (cheap, once at startup) so the factory gets its own type. */
  create(config: unknown, env: SourceEnvironment): Promise<CreatedSource>
}

/**
 * Declares a source kind. `schema` must be a `z.object` with `kind: z.literal(kind)` and an `id`
 * string (unique across the config; it names the source in `sources`, logs and metrics).
 */
export function defineSource<S extends z.ZodObject>(definition: {
  readonly kind: SourceKind
  readonly schema: S
  readonly create: (config: z.output<S>, env: SourceEnvironment) => CreatedSource | Promise<CreatedSource>
}): SourceDefinition {
  return {
    kind: definition.kind,
    schema: definition.schema,
    create: async (config, env) => definition.create(definition.schema.parse(config), env),
  }
}
