/** The `hl7-mllp` source kind as the registry sees it: config schema + factory. */
import { defineSource, type SourceDefinition } from '../../ingest/defineSource.ts'
import { createHl7MllpAdapter, hl7MllpConfigSchema } from './hl7MllpAdapter.ts'

export const hl7MllpSource: SourceDefinition = defineSource({
  kind: 'hl7-mllp',
  schema: hl7MllpConfigSchema,
  create: (config) => ({ adapter: createHl7MllpAdapter(config) }),
})
