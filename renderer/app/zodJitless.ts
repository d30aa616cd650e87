/**
 * Imported FIRST by the entry: zod's JIT compiles validators with `new Function`, which a strict
 * CSP (no 'unsafe-eval') refuses. Jitless must be set before any schema is defined.
 */
import { z } from 'zod'

z.config({ jitless: true })
