/** The `ptl` source kind (a trust's PTL extract: drop folder or upload) as the registry sees it. */
import { defineSource, type SourceDefinition } from '../../ingest/defineSource.ts'
import { createPtlAdapter, ptlConfigSchema } from './createPtlAdapter.ts'

export const ptlSource: SourceDefinition = defineSource({
  kind: 'ptl',
  schema: ptlConfigSchema,
  create: (config, env) => ({ adapter: createPtlAdapter(config, { configDir: env.configDir }) }),
})
