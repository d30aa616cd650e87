/**
 * Source kind (the `kind` of an entry in the config's `sources`) → its definition. Adapter folders
 * never import each other; this file is the one place that knows them all. Add one line per kind.
 */
import type { SourceKind } from '../../shared/contracts/entities.ts'
import type { SourceDefinition } from '../ingest/defineSource.ts'
import { demoSource } from './demo/demoSource.ts'
import { hl7MllpSource } from './hl7v2/hl7MllpSource.ts'
import { mqttSource } from './mqtt/mqttSource.ts'
import { ptlSource } from './ptl/ptlSource.ts'
import { snmpSource } from './snmp/snmpSource.ts'
import { syslogSource } from './syslog/syslogSource.ts'
import { webhookSource } from './webhook/webhookSource.ts'

export const sourceRegistry: Readonly<Partial<Record<SourceKind, SourceDefinition>>> = {
  demo: demoSource,
  'hl7-mllp': hl7MllpSource,
  mqtt: mqttSource,
  ptl: ptlSource,
  snmp: snmpSource,
  syslog: syslogSource,
  webhook: webhookSource,
}
