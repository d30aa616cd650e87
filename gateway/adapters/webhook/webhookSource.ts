/** The `webhook` source kind (Wazuh-style JSON alerts) as the registry sees it: config schema + factory. */
import { defineSource, type SourceDefinition } from '../../ingest/defineSource.ts'
import { createWebhookAdapter, webhookConfigSchema } from './webhookAdapter.ts'

export const webhookSource: SourceDefinition = defineSource({
  kind: 'webhook',
  schema: webhookConfigSchema,
  create: (config, env) => ({ adapter: createWebhookAdapter(config, { configDir: env.configDir }) }),
})
