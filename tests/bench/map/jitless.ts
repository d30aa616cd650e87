// Same as the product renderer: zod without its eval-based JIT (strict CSP). Imported first.
import { z } from 'zod'

z.config({ jitless: true })
