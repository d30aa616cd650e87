/**
 * A collaborative app instance's gateways: one per trust, each sovereign (its own sources, tokens
 * and change log, as the NHS Federated Data Platform runs one instance per organisation). The hub
 * connects to all of them at once and merges them (docs/collaborative.md). The same list comes from
 * the Electron settings (`collaborative`), the browser host's link (`#trusts=…`) and the demo.
 */
import { z } from 'zod'

/**
 * A trust's key in a collaborative: short, lower case, stable (it prefixes every id, so it cannot
 * hold the `/` that separates it: shared/domain/trustScope.ts). The ODS code in lower case is a
 * good choice (`rna`, `rl4`).
 */
export const trustKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,23}$/, 'a trust key is 1–24 lower-case letters, digits or dashes')
export type TrustKey = z.infer<typeof trustKeySchema>

/** The browser host's fragment parameter carrying the list (base64url JSON; the fragment never reaches a server). */
export const COLLABORATIVE_PARAM = 'trusts'

/** Most gateways one wall merges; the Black Country has four. */
export const MAX_COLLABORATIVE_GATEWAYS = 12

export const collaborativeGatewaySchema = z
  .object({
    /** The trust's key: prefixes every id of its data (`rwt/ward-7`). */
    trust: trustKeySchema,
    /** The trust's gateway, `http(s)://host:port` (no path). */
    url: z
      .string()
      .regex(/^https?:\/\/[^/\s]+$/i, 'expected a gateway address such as https://gw.example.nhs.uk:7443'),
    /** The access token this app instance holds for that trust's gateway. */
    token: z.string().min(1).max(512),
  })
  .strict()
export type CollaborativeGateway = z.infer<typeof collaborativeGatewaySchema>

export const collaborativeGatewaysSchema = z
  .array(collaborativeGatewaySchema)
  .min(1)
  .max(MAX_COLLABORATIVE_GATEWAYS)
  .superRefine((gateways, ctx) => {
    const seen = new Set<string>()
    gateways.forEach((gateway, index) => {
      if (seen.has(gateway.trust))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'trust'],
          message: `trust key "${gateway.trust}" repeats: every trust needs its own`,
        })
      seen.add(gateway.trust)
    })
  })
export type CollaborativeGateways = z.infer<typeof collaborativeGatewaysSchema>
