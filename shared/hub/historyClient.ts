/**
 * The gateway's incident record and history over HTTP, for the hosts (the page, Electron main) and
 * the report: list and save incidents, read a timeline, a topic's state at a moment, the changes in
 * a period. Every answer is parsed at this edge; a failure is a value with words for an operator.
 */
import { z } from 'zod'
import { entitySchemas, type EntityOf, type Topic } from '../contracts/entities.ts'
import {
  IncidentRoute,
  incidentListSchema,
  incidentSaveResponseSchema,
  timelineSchema,
  type Incident,
  type IncidentSaveRequest,
  type IncidentSaveResponse,
  type Timeline,
} from '../contracts/incidents.ts'
import { siteModelSchema, type SiteModel } from '../contracts/places.ts'

/** The subset of `fetch` used here (GET and one POST). */
export type HistoryFetch = (
  url: string,
  init: {
    readonly method?: 'GET' | 'POST'
    readonly headers: Readonly<Record<string, string>>
    readonly body?: string
  },
) => Promise<{ readonly ok: boolean; readonly status: number; json(): Promise<unknown> }>

export type HistoryResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

const errorSchema = z.object({ error: z.string() })
const stateSchema = z.object({ seq: z.number(), asOf: z.number().nullable(), entities: z.array(z.unknown()) })
const changesSchema = z.object({
  batches: z.array(
    z.object({
      seq: z.number(),
      at: z.number(),
      upserts: z.array(z.unknown()),
      removes: z.array(z.string()),
    }),
  ),
  truncated: z.boolean(),
})

export type HistoryClient = {
  listIncidents(): Promise<HistoryResult<Incident[]>>
  saveIncident(request: IncidentSaveRequest): Promise<IncidentSaveResponse>
  timeline(from: number, to: number): Promise<HistoryResult<Timeline>>
  stateAt<T extends Topic>(topic: T, at: number): Promise<HistoryResult<EntityOf[T][]>>
  /** The batches of `topic` in (from, to], each entity parsed; at most the gateway's bound. */
  changes<T extends Topic>(
    topic: T,
    from: number,
    to: number,
  ): Promise<HistoryResult<{ at: number; upserts: EntityOf[T][]; removes: string[] }[]>>
  siteModel(): Promise<HistoryResult<SiteModel>>
}

export function createHistoryClient(options: {
  readonly gatewayUrl: string
  readonly token: string
  readonly fetch: HistoryFetch
}): HistoryClient {
  const headers = { authorization: `Bearer ${options.token}` }
  const request = async (
    path: string,
    init: { method?: 'GET' | 'POST'; body?: string } = {},
  ): Promise<HistoryResult<unknown>> => {
    let response: Awaited<ReturnType<HistoryFetch>>
    try {
      response = await options.fetch(`${options.gatewayUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: init.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(init.body === undefined ? {} : { body: init.body }),
      })
    } catch {
      return { ok: false, error: 'Cannot reach the gateway' }
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      return { ok: false, error: `The gateway answered ${response.status} without JSON` }
    }
    if (!response.ok) {
      const error = errorSchema.safeParse(body)
      return {
        ok: false,
        error: error.success ? error.data.error : `The gateway answered ${response.status}`,
      }
    }
    return { ok: true, value: body }
  }
  const parsed = <T>(result: HistoryResult<unknown>, schema: z.ZodType<T>): HistoryResult<T> => {
    if (!result.ok) return result
    const value = schema.safeParse(result.value)
    return value.success
      ? { ok: true, value: value.data }
      : { ok: false, error: 'The gateway sent an answer this app does not understand' }
  }
  const entities = <T extends Topic>(topic: T, raw: readonly unknown[]): EntityOf[T][] => {
    const out: EntityOf[T][] = []
    for (const item of raw) {
      const entity = entitySchemas[topic].safeParse(item)
      // A malformed entity is left out; the rest of the answer stands.
      if (entity.success) out.push(entity.data as EntityOf[T])
    }
    return out
  }
  return {
    listIncidents: async () => {
      const result = parsed(await request(IncidentRoute.incidents), incidentListSchema)
      return result.ok ? { ok: true, value: result.value.incidents } : result
    },
    saveIncident: async (save) => {
      const result = await request(IncidentRoute.incidents, { method: 'POST', body: JSON.stringify(save) })
      if (!result.ok) return { ok: false, error: result.error }
      const answer = incidentSaveResponseSchema.safeParse(result.value)
      return answer.success
        ? answer.data
        : { ok: false, error: 'The gateway sent an answer this app does not understand' }
    },
    timeline: async (from, to) =>
      parsed(
        await request(`${IncidentRoute.timeline}?from=${Math.floor(from)}&to=${Math.floor(to)}`),
        timelineSchema,
      ),
    stateAt: async (topic, at) => {
      const result = parsed(
        await request(`/v1/history/state?topic=${topic}&at=${Math.floor(at)}`),
        stateSchema,
      )
      return result.ok ? { ok: true, value: entities(topic, result.value.entities) } : result
    },
    changes: async (topic, from, to) => {
      const result = parsed(
        await request(`/v1/history/changes?topic=${topic}&from=${Math.floor(from)}&to=${Math.floor(to)}`),
        changesSchema,
      )
      if (!result.ok) return result
      return {
        ok: true,
        value: result.value.batches.map((batch) => ({
          at: batch.at,
          upserts: entities(topic, batch.upserts),
          removes: batch.removes,
        })),
      }
    },
    siteModel: async () => parsed(await request('/v1/site-model'), siteModelSchema),
  }
}
