/** The `hl7-mllp` source kind as the registry sees it: config schema + factory. */
import { resolve } from 'node:path'
import { defineSource, type SourceDefinition } from '../../ingest/defineSource.ts'
import { createHl7MllpAdapter, hl7MllpConfigSchema } from './hl7MllpAdapter.ts'

export const hl7MllpSource: SourceDefinition = defineSource({
  kind: 'hl7-mllp',
  schema: hl7MllpConfigSchema,
  // A relative data directory is relative to the config file, like every other path in it.
  create: (config, env) => ({
    adapter: createHl7MllpAdapter({ ...config, dataDir: resolve(env.configDir, config.dataDir) }),
  }),
})
