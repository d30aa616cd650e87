/**
 * What a fresh clone shows: `node gateway/main.ts --demo --port 0 --token T` serves the demo
 * trust — hello, snapshots whose counts match the trust, batches whose seq rises by one, and the
 * site model and floor plans over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Topic } from '../../shared/contracts/entities.ts'
import { createDemoTrust } from '../../gateway/adapters/demo/createDemoTrust.ts'
import {
  batchesOf,
  connectClient,
  connected,
  waitFor,
  type RecordingClient,
} from '../support/gatewayTestKit.ts'
import { startGateway, type GatewayProcess } from '../support/startGateway.ts'

const SEED = 7
let gateway: GatewayProcess
let client: RecordingClient

beforeAll(async () => {
  gateway = await startGateway({ demo: true, seed: SEED, token: 'demo-test-token' })
  client = connectClient(gateway.url, 'demo-test-token')
  await connected(client)
})
afterAll(async () => {
  client.close()
  expect(await gateway.stop()).toBe(0)
})

describe('gateway with the demo trust', () => {
  it('sends snapshots whose counts match the demo trust, then batches whose seq rises by one', async () => {
    const trust = createDemoTrust({ seed: SEED })
    const initial = trust.simulate(Date.now()).initialOps()
    // Staff badges go to no role unless the config names one (privacy.staffLocationRoles).
    const isBadge = (entity: unknown): boolean => (entity as { type?: unknown }).type === 'staff-badge'
    const initialCount = (topic: Topic, keep: (entity: unknown) => boolean = () => true): number =>
      new Set(
        initial
          .filter((op) => op.topic === topic && (op.op !== 'upsert' || keep(op.entity)))
          .map((op) => (op.op === 'upsert' ? (op.entity as { id: string }).id : op.id)),
      ).size

    await waitFor(() => client.hellos.length === 1, 'hello')
    expect(client.hellos[0]?.trust.name).toBe(trust.siteModel.trust.name)
    expect(client.hellos[0]?.sites.map((s) => s.id)).toEqual(trust.siteModel.sites.map((s) => s.id))

    const ack = await client.subscribe({ topics: ['beds', 'assets', 'network', 'cyber'] })
    if (!ack.ok) throw new Error(ack.error)
    const counts = Object.fromEntries(ack.snapshots.map((s) => [s.topic, s.entities.length]))
    expect(counts['beds']).toBe(trust.siteModel.beds.length)
    expect(counts['beds']).toBe(initialCount('beds'))
    expect(initialCount('assets', isBadge)).toBeGreaterThan(0) // the demo has badges to withhold
    expect(counts['assets']).toBe(initialCount('assets', (e) => !isBadge(e)))
    expect(counts['network']).toBe(initialCount('network'))
    expect(counts['cyber']).toBeGreaterThanOrEqual(initialCount('cyber'))

    const start = Object.fromEntries(ack.snapshots.map((s) => [s.topic, s.seq]))
    await waitFor(() => batchesOf(client, 'assets').length >= 5, 'five asset batches', 15_000)
    for (const topic of ['beds', 'assets', 'network', 'cyber'] as const) {
      const seqs = batchesOf(client, topic).map((b) => b.seq)
      expect(seqs).toEqual(seqs.map((_, i) => (start[topic] ?? 0) + 1 + i))
    }
  })

  it('serves the demo site model and one IMDF floor plan per level', async () => {
    const auth = { authorization: 'Bearer demo-test-token' }
    const model = (await (await fetch(`${gateway.url}/v1/site-model`, { headers: auth })).json()) as {
      beds: unknown[]
    }
    expect(model.beds.length).toBe(createDemoTrust({ seed: SEED }).siteModel.beds.length)
    const index = (await (await fetch(`${gateway.url}/v1/floorplans`, { headers: auth })).json()) as {
      levels: { levelId: string; href: string }[]
    }
    expect(index.levels.length).toBeGreaterThan(0)
    const first = index.levels[0]
    const plan = await fetch(`${gateway.url}${first?.href ?? ''}`, { headers: auth })
    expect(plan.status).toBe(200)
    expect(((await plan.json()) as { type: string }).type).toBe('FeatureCollection')
  })
})
