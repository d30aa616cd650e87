/** The `mqtt` source kind as the registry sees it: config schema + factory. */
import { defineSource, type SourceDefinition } from '../../ingest/defineSource.ts'
import { createMqttAdapter } from './createMqttAdapter.ts'
import { mqttSourceConfigSchema } from './mqttSourceConfig.ts'

export const mqttSource: SourceDefinition = defineSource({
  kind: 'mqtt',
  schema: mqttSourceConfigSchema,
  create: (config) => ({ adapter: createMqttAdapter(config) }),
})
