/**
 * Canaries through the whole gateway: a CEF line over UDP and a Wazuh alert over HTTP whose free
 * text carries a valid NHS number, a date of birth and a name the trust's pattern covers. Viewers
 * and operators (snapshot and batch paths) must never receive any of them, nor the host; it and
 * admin receive the full text. The canaries are synthetic (tests/fixtures/cef/README.md).
 */
import { createSocket } from 'node:dgram'
import { afterEach, describe, expect, it } from 'vitest'
import type { CyberAlert } from '../../shared/contracts/entities.ts'
import { createSyslogAdapter, syslogConfigSchema } from '../../gateway/adapters/syslog/syslogAdapter.ts'
import { createWebhookAdapter, webhookConfigSchema } from '../../gateway/adapters/webhook/webhookAdapter.ts'
import { parseConfig } from '../../gateway/config/loadConfig.ts'
import { startGateway, type RunningGateway } from '../../gateway/startGateway.ts'
import {
  batchesOf,
  connectClient,
  connected,
  testSiteModel,
  waitFor,
  type RecordingClient,
} from '../support/gatewayTestKit.ts'

const TOKENS = {
  viewer: 'viewer-token-001',
  operator: 'operator-token-01',
  it: 'it-token-0000001',
  admin: 'admin-token-0001',
} as const
const SECRET = 'test-secret-0123456789abcdef'

/** Each canary as a pattern that finds it in any spacing a sender or a serialiser could give it. */
const CANARIES: Record<string, RegExp> = {
  nhsNumber: /943[\s-]*476[\s-]*5919/,
  dateOfBirth: /12[/.-]0?3[/.-](19)?57/,
  name: /TEST\s*PATIENT/i,
  cefHost: /ws-w07-03/i,
  wazuhAgent: /ws-w08-07/i,
}
const CEF_NAME = 'Record of TEST PATIENT NHS 943 476 5919 DOB 12/03/1957 opened'
const WAZUH_DESCRIPTION = 'Chart of TEST PATIENT (NHS 9434765919, born 12.03.1957) exported to USB'

let gateway: RunningGateway | null = null
const clients: RecordingClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await gateway?.close()
  gateway = null
})

async function connect(role: keyof typeof TOKENS): Promise<RecordingClient> {
  if (gateway === null) throw new Error('no gateway')
  const client = connectClient(gateway.url, TOKENS[role])
  clients.push(client)
  await connected(client)
  return client
}

/** Everything a client received on the cyber topic: snapshot entities and batch upserts. */
function received(snapshot: readonly CyberAlert[], client: RecordingClient): CyberAlert[] {
  return [...snapshot, ...batchesOf(client, 'cyber').flatMap((batch) => batch.upserts)]
}

async function subscribeCyber(client: RecordingClient): Promise<CyberAlert[]> {
  const ack = await client.subscribe({ topics: ['cyber'] })
  if (!ack.ok) throw new Error(ack.error)
  const snapshot = ack.snapshots.find((s) => s.topic === 'cyber')
  return (snapshot?.entities ?? []) as CyberAlert[]
}

describe('free text from security sources', () => {
  it('reaches viewers and operators scrubbed and it/admin whole, on the batch and the snapshot path', async () => {
    const parsed = parseConfig(
      {
        server: { tickMs: 10 },
        tokens: Object.entries(TOKENS).map(([role, token]) => ({ token, name: role, role })),
        privacy: { scrubPatterns: ['\\bTEST\\s+PATIENT\\b'] },
      },
      {},
    )
    if (!parsed.ok) throw new Error(parsed.error)
    const syslog = createSyslogAdapter(
      syslogConfigSchema.parse({ kind: 'syslog', id: 'siem-cef', udpPort: 0 }),
    )
    const webhook = createWebhookAdapter(
      webhookConfigSchema.parse({ kind: 'webhook', id: 'wazuh', port: 0, secret: SECRET }),
    )
    gateway = await startGateway({
      config: parsed.config,
      adapters: [syslog, webhook],
      siteModel: testSiteModel,
      dataDir: ':memory:',
    })

    // Subscribed before the alerts exist: they arrive in batches.
    const early = {
      viewer: await connect('viewer'),
      operator: await connect('operator'),
      it: await connect('it'),
    }
    const earlySnapshots = {
      viewer: await subscribeCyber(early.viewer),
      operator: await subscribeCyber(early.operator),
      it: await subscribeCyber(early.it),
    }

    const udp = createSocket('udp4')
    const line = `<134>Nov 21 22:46:19 siem-01 CEF:0|ExampleDLP|Audit|1|rec-open|${CEF_NAME}|7|dhost=ws-w07-03 cat=Audit`
    await new Promise<void>((resolve, reject) =>
      udp.send(line, syslog.ports().udp ?? 0, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
    )
    udp.close()
    const response = await fetch(`http://127.0.0.1:${webhook.port() ?? 0}/wazuh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-watchfloor-secret': SECRET },
      body: JSON.stringify({
        id: '1795300000.2001',
        rule: { level: 12, description: WAZUH_DESCRIPTION, id: '99001', groups: ['dlp'] },
        agent: { name: 'ws-w08-07', ip: '10.20.8.7' },
      }),
    })
    expect(response.status).toBe(202)

    await waitFor(() => received(earlySnapshots.it, early.it).length >= 2, 'it to receive both alerts')
    await waitFor(() => received(earlySnapshots.viewer, early.viewer).length >= 2, 'viewer to receive both')
    await waitFor(
      () => received(earlySnapshots.operator, early.operator).length >= 2,
      'operator to receive both',
    )

    // Subscribed after: they arrive in the snapshot.
    const late = { viewer: await connect('viewer'), admin: await connect('admin') }
    const lateSnapshots = {
      viewer: await subscribeCyber(late.viewer),
      admin: await subscribeCyber(late.admin),
    }
    expect(lateSnapshots.viewer).toHaveLength(2)

    for (const [who, alerts] of [
      ['viewer (batches)', received(earlySnapshots.viewer, early.viewer)],
      ['operator (batches)', received(earlySnapshots.operator, early.operator)],
      ['viewer (snapshot)', lateSnapshots.viewer],
    ] as const) {
      const wire = JSON.stringify(alerts)
      for (const [canary, pattern] of Object.entries(CANARIES)) {
        expect({ who, canary, leaked: pattern.test(wire) }).toEqual({ who, canary, leaked: false })
      }
      expect(alerts.map((a) => a.title).sort()).toEqual([
        'Chart of [redacted] (NHS [NHS number], born [date]) exported to USB',
        'Record of [redacted] NHS [NHS number] DOB [date] opened',
      ])
    }

    for (const alerts of [received(earlySnapshots.it, early.it), lateSnapshots.admin]) {
      expect(alerts.map((a) => a.title).sort()).toEqual([WAZUH_DESCRIPTION, CEF_NAME])
      expect(alerts.map((a) => a.host).sort()).toEqual(['ws-w07-03', 'ws-w08-07'])
    }
    // The id every role sees is the same, and gives nothing away.
    expect(lateSnapshots.viewer.map((a) => a.id).sort()).toEqual(lateSnapshots.admin.map((a) => a.id).sort())
  })
})
