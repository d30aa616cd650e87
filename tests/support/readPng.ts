/**
 * A minimal PNG reader for the screenshots Chromium takes (8-bit RGB or RGBA, not interlaced), so
 * an e2e test can check the colour of what is on screen without an image library. Node's zlib
 * inflates; the five PNG row filters are undone here (PNG spec §9).
 */
import { inflateSync } from 'node:zlib'

export type Image = {
  readonly width: number
  readonly height: number
  /** RGBA, 4 bytes per pixel, row by row. */
  readonly rgba: Uint8Array
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10]

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** Decodes a PNG; throws on anything but 8-bit RGB(A) without interlacing (what screenshots are). */
export function readPng(png: Uint8Array): Image {
  const buffer = Buffer.from(png.buffer, png.byteOffset, png.byteLength)
  if (!SIGNATURE.every((b, i) => buffer[i] === b)) throw new Error('not a PNG')
  let offset = 8
  let width = 0
  let height = 0
  let channels = 0
  const idat: Buffer[] = []
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset)
    const type = buffer.toString('ascii', offset + 4, offset + 8)
    const data = buffer.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      const depth = data[8]
      const colour = data[9]
      const interlace = data[12]
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`)
      }
      channels = colour === 6 ? 4 : 3
    } else if (type === 'IDAT') idat.push(data)
    else if (type === 'IEND') break
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const rows = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (rows[y * stride + x - channels] ?? 0) : 0
      const b = y > 0 ? (rows[(y - 1) * stride + x] ?? 0) : 0
      const c = x >= channels && y > 0 ? (rows[(y - 1) * stride + x - channels] ?? 0) : 0
      const v = line[x] ?? 0
      const predicted =
        filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c)
      if (filter === undefined || filter > 4) throw new Error(`bad PNG filter ${filter} on row ${y}`)
      rows[y * stride + x] = (v + predicted) & 0xff
    }
  }
  const rgba = new Uint8Array(width * height * 4)
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    rgba[i * 4] = rows[j] ?? 0
    rgba[i * 4 + 1] = rows[j + 1] ?? 0
    rgba[i * 4 + 2] = rows[j + 2] ?? 0
    rgba[i * 4 + 3] = channels === 4 ? (rows[j + 3] ?? 255) : 255
  }
  return { width, height, rgba }
}

/** The share of pixels within `tolerance` (per channel) of `rgb`. */
export function shareOfColour(image: Image, rgb: readonly [number, number, number], tolerance = 24): number {
  let hits = 0
  const n = image.width * image.height
  for (let i = 0; i < n; i++) {
    const r = image.rgba[i * 4] ?? 0
    const g = image.rgba[i * 4 + 1] ?? 0
    const b = image.rgba[i * 4 + 2] ?? 0
    if (
      Math.abs(r - rgb[0]) <= tolerance &&
      Math.abs(g - rgb[1]) <= tolerance &&
      Math.abs(b - rgb[2]) <= tolerance
    )
      hits++
  }
  return n === 0 ? 0 : hits / n
}
