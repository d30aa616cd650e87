/**
 * `npm run icons` — the app's icon set from build/icon.svg, drawn by Debian's Chromium (already a
 * test peer, so no image tool is needed): build/icons/NxN.png for Linux (AppImage, deb, the
 * window), build/icon.png (512 px) and build/icon.ico for Windows (PNG entries, which Windows
 * Vista and later read). The outputs are committed, so packaging never needs Chromium; run this
 * again after changing the SVG.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

const root = resolve(import.meta.dirname, '..')
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512] as const
const ICO_SIZES = [16, 24, 32, 48, 64, 256] as const

/**
 * An .ico holding PNG images: ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the
 * PNGs. A width or height of 256 is written as 0, as the format says.
 */
export function buildIco(images: readonly { readonly size: number; readonly png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // 1 = icon
  header.writeUInt16LE(images.length, 4)
  const entries: Buffer[] = []
  let offset = 6 + 16 * images.length
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size >= 256 ? 0 : size, 0)
    entry.writeUInt8(size >= 256 ? 0 : size, 1)
    entry.writeUInt8(0, 2) // no palette
    entry.writeUInt8(0, 3) // reserved
    entry.writeUInt16LE(1, 4) // colour planes
    entry.writeUInt16LE(32, 6) // bits per pixel
    entry.writeUInt32LE(png.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += png.length
    entries.push(entry)
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)])
}

async function main(): Promise<void> {
  const svg = readFileSync(join(root, 'build/icon.svg'), 'utf8')
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  })
  try {
    const page = await browser.newPage()
    const render = async (size: number): Promise<Buffer> => {
      await page.setViewportSize({ width: size, height: size })
      await page.setContent(
        `<!doctype html><html><body style="margin:0;background:transparent">` +
          svg.replace('<svg ', `<svg width="${size}" height="${size}" style="display:block" `) +
          `</body></html>`,
      )
      return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
    }
    const pngs = new Map<number, Buffer>()
    for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES])) pngs.set(size, await render(size))
    mkdirSync(join(root, 'build/icons'), { recursive: true })
    for (const size of LINUX_SIZES) {
      writeFileSync(join(root, `build/icons/${size}x${size}.png`), pngs.get(size) ?? Buffer.alloc(0))
    }
    writeFileSync(join(root, 'build/icon.png'), pngs.get(512) ?? Buffer.alloc(0))
    writeFileSync(
      join(root, 'build/icon.ico'),
      buildIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) ?? Buffer.alloc(0) }))),
    )
    process.stdout.write(
      `icons: build/icons/{${LINUX_SIZES.map((s) => `${s}x${s}`).join(',')}}.png, build/icon.png, build/icon.ico\n`,
    )
  } finally {
    await browser.close()
  }
}

if (import.meta.main) await main()
