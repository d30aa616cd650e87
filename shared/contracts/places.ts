/**
 * The places model: trust → site → building → level → unit → bed.
 *
 * Ids are stable strings chosen by the gateway's site model (never derived from a patient or a
 * message). `physicalType` uses the FHIR `location-physical-type` vocabulary so a site model can be
 * exchanged with FHIR `Location` resources without translation.
 *
 * Geometry is in local metres on a level: x grows east, y grows north, from the level's `origin`
 * (longitude, latitude in WGS84), which is where IMDF floor plans are anchored. See
 * `shared/domain/geo.ts` for the conversion.
 */
import { z } from 'zod'

/** FHIR `Location.physicalType` codes used by the places model. */
export const PHYSICAL_TYPES = ['si', 'bu', 'lvl', 'wa', 'ro', 'bd'] as const
export const physicalTypeSchema = z.enum(PHYSICAL_TYPES)
export type PhysicalType = z.infer<typeof physicalTypeSchema>

const idSchema = z.string().min(1).max(128)
/** A WGS84 position as [longitude, latitude]. */
export const lonLatSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
/** A point in local metres on a level: [x east, y north]. */
export const localPointSchema = z.tuple([z.number(), z.number()])

export const trustSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  /** NHS ODS organisation code, when the trust has one (fictional for the demo trust). */
  odsCode: z.string().nullable(),
})
export type Trust = z.infer<typeof trustSchema>

export const siteSchema = z.object({
  id: idSchema,
  physicalType: z.literal('si'),
  name: z.string().min(1),
  shortName: z.string().min(1).max(12),
})
export type Site = z.infer<typeof siteSchema>

export const buildingSchema = z.object({
  id: idSchema,
  physicalType: z.literal('bu'),
  siteId: idSchema,
  name: z.string().min(1),
})
export type Building = z.infer<typeof buildingSchema>

export const levelSchema = z.object({
  id: idSchema,
  physicalType: z.literal('lvl'),
  siteId: idSchema,
  buildingId: idSchema,
  name: z.string().min(1),
  /** Short label for level switchers ("G", "1", "B1"). */
  shortName: z.string().min(1).max(8),
  /** IMDF ordinal: 0 is ground, negative below ground. */
  ordinal: z.number().int(),
  /** Anchor of the local metre frame for this level. */
  origin: lonLatSchema,
})
export type Level = z.infer<typeof levelSchema>

/** What a unit is for. `ward` and `department` are clinical areas; `bay` and `room` sit inside them. */
export const UNIT_KINDS = ['ward', 'department', 'bay', 'room', 'corridor', 'plant', 'office'] as const
export const unitKindSchema = z.enum(UNIT_KINDS)
export type UnitKind = z.infer<typeof unitKindSchema>

export const unitSchema = z.object({
  id: idSchema,
  physicalType: z.enum(['wa', 'ro']),
  kind: unitKindSchema,
  siteId: idSchema,
  buildingId: idSchema,
  levelId: idSchema,
  /** The ward or department a bay or room belongs to; null for top-level units. */
  parentUnitId: idSchema.nullable(),
  name: z.string().min(1),
  /** Specialty of a ward (e.g. "General Medicine"); null where it does not apply. */
  specialty: z.string().nullable(),
  /** Counts towards G&A beds in the UEC daily situation report. */
  generalAndAcute: z.boolean(),
  /** Polygon outline in local metres, closed implicitly. */
  outline: z.array(localPointSchema).min(3),
  /** Where to draw the unit's label. */
  labelAt: localPointSchema,
})
export type Unit = z.infer<typeof unitSchema>

/** The sex designation of a bay, which constrains who a free bed can take. */
export const baySexSchema = z.enum(['male', 'female', 'mixed'])
export type BaySex = z.infer<typeof baySexSchema>

/** A bed as a place: where it is and what kind of bed it is. Its live state is a `Bed` entity. */
export const bedPlaceSchema = z.object({
  id: idSchema,
  physicalType: z.literal('bd'),
  siteId: idSchema,
  levelId: idSchema,
  /** The ward the bed belongs to. */
  wardId: idSchema,
  /** The bay or side room holding the bed. */
  roomId: idSchema,
  label: z.string().min(1).max(16),
  /** Escalation beds are opened only under pressure and are reported apart from core beds. */
  escalation: z.boolean(),
  sideRoom: z.boolean(),
  bayLabel: z.string().nullable(),
  sexOfBay: baySexSchema,
  /** Centre of the bed in local metres, and its rotation in degrees. */
  at: localPointSchema,
  rotation: z.number(),
})
export type BedPlace = z.infer<typeof bedPlaceSchema>

/** The complete site model the gateway serves over HTTP (`GET /v1/site-model`, with an ETag). */
export const siteModelSchema = z.object({
  trust: trustSchema,
  sites: z.array(siteSchema),
  buildings: z.array(buildingSchema),
  levels: z.array(levelSchema),
  units: z.array(unitSchema),
  beds: z.array(bedPlaceSchema),
})
export type SiteModel = z.infer<typeof siteModelSchema>
