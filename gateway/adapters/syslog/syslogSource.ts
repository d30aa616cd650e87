/** The `syslog` source kind (syslog/CEF) as the registry sees it: config schema + factory. */
import { defineSource, type SourceDefinition } from '../../ingest/defineSource.ts'
import { createSyslogAdapter, syslogConfigSchema } from './syslogAdapter.ts'

export const syslogSource: SourceDefinition = defineSource({
  kind: 'syslog',
  schema: syslogConfigSchema,
  create: (config) => ({ adapter: createSyslogAdapter(config) }),
})
