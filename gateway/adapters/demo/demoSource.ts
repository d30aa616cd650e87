/** The `demo` source kind as the registry sees it: config schema + factory. */
import { defineSource, type SourceDefinition } from '../../ingest/defineSource.ts'
import { createDemoTrust, demoSourceConfigSchema } from './createDemoTrust.ts'

export const demoSource: SourceDefinition = defineSource({
  kind: 'demo',
  schema: demoSourceConfigSchema,
  create: (config) => {
    const trust = createDemoTrust({
      id: config.id,
      seed: config.seed,
      scale: config.scale,
      tickMs: config.tickMs,
      drills: config.drills,
      ...(config.rate === undefined ? {} : { rate: config.rate }),
      ...(config.trust === undefined ? {} : { trust: config.trust }),
    })
    return { adapter: trust.adapter, siteModel: trust.siteModel, floorPlans: trust.floorPlans }
  },
})
