/**
 * A collaborative of four real gateways (the CLI, as each trust runs it: its own config, token and
 * data directory; the demo:collaborative trusts, small) merged by one collaborative hub over real
 * socket.io-client connections into a window's store. One trust's gateway is killed: that trust
 * is STALE and left out of the system level, the other three stay live; restarted on its port
 * with its own data directory, it recovers.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEED_NAMESPACE } from '../../shared/contracts/feed.ts'
import type { TrustReplicaState } from '../../shared/contracts/hub.ts'
import { DEFAULT_STALE_AFTER_MS, type Freshness } from '../../shared/domain/freshness.ts'
import { trustOfId } from '../../shared/domain/trustScope.ts'
import { createCollaborativeHub, type CollaborativeHub } from '../../shared/hub/createCollaborativeHub.ts'
import { socketIoPort } from '../../shared/hub/socketIoPort.ts'
import { summariseCollaborative } from '../../renderer/features/collaborative/summariseCollaborative.ts'
import { topicFreshness } from '../../renderer/state/selectors.ts'
import { createWatchfloorStore } from '../../renderer/state/watchfloorStore.ts'
import {
  freePorts,
  gatewayList,
  planCollaborativeDemo,
  type DemoGatewayPlan,
} from '../../scripts/collaborativeDemo.ts'
import { waitFor } from '../support/gatewayTestKit.ts'
import { startGateway, type GatewayProcess } from '../support/startGateway.ts'

const STARTUP_MS = 60_000

let plans: DemoGatewayPlan[] = []
const gateways = new Map<string, GatewayProcess>()
let hub: CollaborativeHub | null = null
const store = createWatchfloorStore()

function startTrust(plan: DemoGatewayPlan): Promise<GatewayProcess> {
  // The trust's own config (its token only: no --token) and its own data directory.
  return startGateway({
    port: plan.port,
    token: null,
    config: plan.config,
    dataDir: plan.dataDir,
    timeoutMs: STARTUP_MS,
  })
}

const trustState = (key: string): TrustReplicaState | undefined =>
  store.getState().trusts.find((trust) => trust.key === key)

const bedsFreshness = (key: string): Freshness | null => {
  const trust = trustState(key)
  return trust === undefined
    ? null
    : topicFreshness(trust.topics.beds, trust.connection, Date.now(), DEFAULT_STALE_AFTER_MS.beds)
}

const bedsOf = (key: string): number =>
  [...store.getState().entities.beds.values()].filter((bed) => trustOfId(bed.id) === key).length

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-collaborative-'))
  plans = planCollaborativeDemo({ dir, ports: await freePorts(4), scaleFactor: 0.3, rate: 5 })
  const started = await Promise.all(plans.map(startTrust))
  started.forEach((gateway, index) => {
    const plan = plans[index]
    if (plan) gateways.set(plan.trust.key, gateway)
  })
  hub = createCollaborativeHub({
    gateways: gatewayList(plans),
    connect: (gateway) =>
      socketIoPort(
        io(`${gateway.url}${FEED_NAMESPACE}`, {
          auth: { token: gateway.token },
          transports: ['websocket'],
          autoConnect: false,
          forceNew: true,
          reconnectionDelay: 100,
          reconnectionDelayMax: 500,
        }),
      ),
    fetch: (url, init) => fetch(url, { headers: init.headers }),
    clock: {
      now: () => Date.now(),
      after: (ms, callback) => {
        const timer = setTimeout(callback, ms)
        return () => clearTimeout(timer)
      },
    },
    schedule: (flush) => {
      const timer = setTimeout(flush, 16)
      return () => clearTimeout(timer)
    },
  })
  hub.attach(store.getState().applyHubMessage)
  hub.start()
}, 4 * STARTUP_MS)

afterAll(async () => {
  hub?.stop()
  await Promise.all([...gateways.values()].map((gateway) => gateway.stop()))
})

describe('four trusts, four gateways, one hub', () => {
  it(
    'merges the four, every id scoped by trust, each trust live on its own',
    async () => {
      await waitFor(
        () => plans.every((plan) => bedsFreshness(plan.trust.key) === 'live'),
        'every trust live',
        STARTUP_MS,
      )
      await waitFor(
        () => store.getState().siteModel?.sites.length === store.getState().hello?.sites.length,
        'every site model',
        STARTUP_MS,
      )
      const model = store.getState().siteModel
      expect(store.getState().connection.status).toBe('connected')
      expect(store.getState().trusts.map((trust) => trust.name)).toEqual(plans.map((plan) => plan.trust.name))
      // Northgate and Saltmoor both call their first site `ngh`: scoped, both are there.
      expect(model?.sites.map((site) => site.id)).toEqual(expect.arrayContaining(['ngt/ngh', 'srh/ngh']))
      await waitFor(
        () => store.getState().entities.beds.size === model?.beds.length,
        'every trust’s beds',
        STARTUP_MS,
      )
      for (const plan of plans) expect(bedsOf(plan.trust.key)).toBeGreaterThan(0)
      expect(hub?.getStats().rejectedEntities).toBe(0)
    },
    2 * STARTUP_MS,
  )

  it(
    'shows a trust whose gateway died STALE while the other three stay live, and recovers it',
    async () => {
      const victim = plans[1]
      const gateway = victim === undefined ? undefined : gateways.get(victim.trust.key)
      if (victim === undefined || gateway === undefined) throw new Error('no second trust')
      const key = victim.trust.key
      const others = plans.filter((plan) => plan !== victim).map((plan) => plan.trust.key)
      const bedsBefore = bedsOf(key)

      await gateway.kill()
      await waitFor(() => bedsFreshness(key) === 'stale', `${key} stale`, 15_000)
      expect(trustState(key)?.connection.status).toBe('disconnected')
      for (const other of others) expect(bedsFreshness(other), other).toBe('live')
      // Its beds stay on the wall as the last known (marked STALE), never dropped or shown live.
      expect(bedsOf(key)).toBe(bedsBefore)
      // Panels mixing the trusts are not live, and say which trust is missing.
      expect(store.getState().connection.status).toBe('disconnected')
      expect(store.getState().connection.detail).toContain(victim.trust.name)

      // The system level leaves it out, and says so.
      const state = store.getState()
      const summary = summariseCollaborative({
        trusts: state.trusts,
        siteModel: state.siteModel,
        beds: state.entities.beds,
        assets: state.entities.assets,
        now: Date.now(),
      })
      expect(summary.system.missing).toEqual([key])
      expect(summary.system.voting).toHaveLength(3)
      expect(summary.system.level).not.toBeNull()

      // Restarted on its port with its own data directory: it comes back, and so does the system.
      const restarted = await startTrust(victim)
      gateways.set(key, restarted)
      await waitFor(() => bedsFreshness(key) === 'live', `${key} live again`, STARTUP_MS)
      for (const other of others) expect(bedsFreshness(other), other).toBe('live')
      await waitFor(() => store.getState().connection.status === 'connected', 'all connected', 15_000)
      expect(bedsOf(key)).toBe(bedsBefore)
    },
    2 * STARTUP_MS,
  )
})
