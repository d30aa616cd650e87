/**
 * The places a deployment serves: a site model JSON file and a directory of IMDF floor plans (one
 * FeatureCollection per level, `<levelId>.geojson` or `<levelId>.json`). Errors are values that
 * name the file.
 */
import { readdir, readFile } from 'node:fs/promises'
import { basename, extname, join, resolve } from 'node:path'
import { z } from 'zod'
import { siteModelSchema, type SiteModel } from '../../shared/contracts/places.ts'
import { formatConfigIssues } from '../core/formatConfigIssues.ts'

/** The part of IMDF the gateway checks: it serves the collection as it is. */
const featureCollectionSchema = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
})

export const EMPTY_SITE_MODEL: SiteModel = {
  trust: { id: 'watchfloor', name: 'Watchfloor', odsCode: null },
  sites: [],
  buildings: [],
  levels: [],
  units: [],
  beds: [],
}

type Result<T> = { ok: true; value: T } | { ok: false; error: string }

const readJson = async (file: string): Promise<Result<unknown>> => {
  try {
    return { ok: true, value: JSON.parse(await readFile(file, 'utf8')) }
  } catch (error) {
    return {
      ok: false,
      error: `${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    }
  }
}

export async function loadSiteModel(path: string, configDir: string): Promise<Result<SiteModel>> {
  const file = resolve(configDir, path)
  const raw = await readJson(file)
  if (!raw.ok) return { ok: false, error: `siteModel: ${raw.error}` }
  const parsed = siteModelSchema.safeParse(raw.value)
  if (!parsed.success)
    return { ok: false, error: formatConfigIssues(parsed.error.issues, `siteModel ${file}`) }
  return { ok: true, value: parsed.data }
}

export async function loadFloorPlans(path: string, configDir: string): Promise<Result<Map<string, unknown>>> {
  const dir = resolve(configDir, path)
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    return {
      ok: false,
      error: `floorPlans: cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    }
  }
  const plans = new Map<string, unknown>()
  for (const name of names.sort()) {
    const extension = extname(name).toLowerCase()
    if (extension !== '.geojson' && extension !== '.json') continue
    const raw = await readJson(join(dir, name))
    if (!raw.ok) return { ok: false, error: `floorPlans: ${raw.error}` }
    const parsed = featureCollectionSchema.safeParse(raw.value)
    if (!parsed.success)
      return { ok: false, error: formatConfigIssues(parsed.error.issues, `floorPlans ${join(dir, name)}`) }
    plans.set(basename(name, extname(name)), parsed.data)
  }
  return { ok: true, value: plans }
}
