/** The `snmp` source kind as the registry sees it: config schema + factory. */
import { defineSource, type SourceDefinition } from '../../ingest/defineSource.ts'
import { createSnmpAdapter } from './createSnmpAdapter.ts'
import { snmpSourceConfigSchema } from './snmpSourceConfig.ts'

export const snmpSource: SourceDefinition = defineSource({
  kind: 'snmp',
  schema: snmpSourceConfigSchema,
  create: (config) => ({ adapter: createSnmpAdapter(config) }),
})
