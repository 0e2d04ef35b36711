#!/usr/bin/env node
// Draws the app icon, build/icon.png (1024×1024 RGBA), from code: a dark rounded tile with a
// faint oscilloscope graticule and a bright damped-sine trace ending in a probe dot.
// electron-builder derives the Windows .ico and macOS .icns from this one PNG.
//
// Run `node build/icon.mjs` after changing the drawing; `node build/icon.mjs OUT.png` writes
// elsewhere (the config test uses it to check that the committed PNG is what this draws).
// It needs nothing but Node: shapes are rasterised from signed distances (one pixel of
// anti-aliasing) and the PNG is written with node:zlib, so every machine gets the same pixels.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
// macOS and Linux docks show icons on a grid with some air around the tile.
const MARGIN = 100;
const RADIUS = 180;

const TOP = [0x1f, 0x3b, 0x5c];
const BOTTOM = [0x0d, 0x1b, 0x2e];
const GRID = [0xff, 0xff, 0xff];
const TRACE = [0x3e, 0xe6, 0xc1];
const PROBE = [0xff, 0xc8, 0x57];

const rgba = new Float32Array(SIZE * SIZE * 4);

/** Source-over blend of one colour with coverage `alpha` (0..1) into pixel (x, y). */
function blend(x, y, color, alpha) {
  if (alpha <= 0) return;
  const i = (y * SIZE + x) * 4;
  const a0 = rgba[i + 3];
  const a = alpha + a0 * (1 - alpha);
  for (let c = 0; c < 3; c++) rgba[i + c] = (color[c] * alpha + rgba[i + c] * a0 * (1 - alpha)) / a;
  rgba[i + 3] = a;
}

/** Coverage of a pixel whose centre lies `d` pixels outside a shape's edge (negative: inside). */
const coverage = (d) => Math.min(1, Math.max(0, 0.5 - d));

/** Signed distance from (px, py) to the tile, a square with rounded corners. */
function tileDistance(px, py) {
  const half = (SIZE - 2 * MARGIN) / 2;
  const qx = Math.abs(px - SIZE / 2) - (half - RADIUS);
  const qy = Math.abs(py - SIZE / 2) - (half - RADIUS);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - RADIUS;
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/**
 * Strokes a polyline `width` pixels wide with round joins; `glow` adds a soft halo that fades
 * out over that many pixels. Each segment only visits its own bounding box.
 */
function stroke(points, width, color, glow = 0) {
  const reach = width / 2 + glow + 1;
  const nearest = new Float32Array(SIZE * SIZE).fill(Infinity);
  const touched = [];
  for (let s = 0; s + 1 < points.length; s++) {
    const [a, b] = [points[s], points[s + 1]];
    const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - reach));
    const x1 = Math.min(SIZE - 1, Math.ceil(Math.max(a[0], b[0]) + reach));
    const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - reach));
    const y1 = Math.min(SIZE - 1, Math.ceil(Math.max(a[1], b[1]) + reach));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const k = y * SIZE + x;
        const d = distanceToSegment(x + 0.5, y + 0.5, a, b);
        if (nearest[k] === Infinity) touched.push(k);
        if (d < nearest[k]) nearest[k] = d;
      }
    }
  }
  for (const k of touched) {
    const edge = nearest[k] - width / 2;
    const x = k % SIZE;
    const y = (k - x) / SIZE;
    if (glow > 0) blend(x, y, color, 0.28 * Math.max(0, 1 - Math.max(0, edge) / glow) ** 2);
    blend(x, y, color, coverage(edge));
  }
}

function disc(cx, cy, r, color) {
  for (let y = Math.floor(cy - r - 1); y <= Math.ceil(cy + r + 1); y++) {
    for (let x = Math.floor(cx - r - 1); x <= Math.ceil(cx + r + 1); x++) {
      blend(x, y, color, coverage(Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - r));
    }
  }
}

// The tile, with a vertical gradient.
for (let y = 0; y < SIZE; y++) {
  const t = y / (SIZE - 1);
  const color = TOP.map((c, i) => c + (BOTTOM[i] - c) * t);
  for (let x = 0; x < SIZE; x++) blend(x, y, color, coverage(tileDistance(x + 0.5, y + 0.5)));
}

// The graticule: 6 × 6 divisions inside the tile, the centre lines a little brighter.
const inner = { left: MARGIN + 92, right: SIZE - MARGIN - 92, top: MARGIN + 92, bottom: SIZE - MARGIN - 92 };
const step = (inner.right - inner.left) / 6;
for (let i = 0; i <= 6; i++) {
  const alpha = i === 3 ? 0.22 : 0.09;
  const at = inner.left + i * step;
  for (let p = inner.top; p < inner.bottom; p++) {
    for (let w = -2; w < 2; w++) {
      blend(Math.round(at) + w, p, GRID, alpha);
      blend(p, Math.round(at) + w, GRID, alpha);
    }
  }
}

// The trace: a damped sine across the screen, as a probe would show a ringing signal.
const trace = [];
const span = inner.right - inner.left;
const midY = inner.top + 3 * step;
for (let i = 0; i <= 400; i++) {
  const u = i / 400;
  const envelope = u < 0.12 ? 0 : Math.exp(-3.2 * (u - 0.12));
  const y = midY - 230 * envelope * Math.sin(2 * Math.PI * 3.2 * Math.max(0, u - 0.12));
  trace.push([inner.left + u * span, y]);
}
stroke(trace, 30, TRACE, 28);
const [endX, endY] = trace[trace.length - 1];
disc(endX, endY, 34, PROBE);

// PNG: signature, IHDR, one IDAT (filter byte 0 per row), IEND.
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0;
  for (let x = 0; x < SIZE * 4; x++) raw[y * (SIZE * 4 + 1) + 1 + x] = Math.round(Math.min(1, rgba[y * SIZE * 4 + x] / (x % 4 === 3 ? 1 : 255)) * 255);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const target = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(target, png);
console.log(`wrote ${target} (${SIZE}×${SIZE}, ${png.length} bytes)`);
