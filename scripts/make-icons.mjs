#!/usr/bin/env node
// Draws the Teams app icons with pngjs, so they can be regenerated without an image editor:
//   appPackage/color.png    192x192, full-colour background (Teams crops it to a rounded square)
//   appPackage/outline.png   32x32, white on transparent (Teams tints it; any other colour is rejected)
// The motif: an envelope split in two halves (provider | Microsoft 365) with a link between them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function distanceToSegment(px, py, [x1, y1], [x2, y2]) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

/** Coverage (0..1) of a stroked polyline set at pixel (x, y), 4x4 supersampled for smooth edges. */
function coverage(x, y, segments, width) {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const px = x + (sx + 0.5) / 4;
      const py = y + (sy + 0.5) / 4;
      if (segments.some(([a, b]) => distanceToSegment(px, py, a, b) <= width / 2)) hits++;
    }
  }
  return hits / 16;
}

/** The envelope (outline, flap) scaled to `size`, as line segments. */
function envelope(size) {
  const s = (v) => (v * size) / 32;
  const l = s(5), r = s(27), t = s(9), b = s(24), mid = s(16);
  return [
    [[l, t], [r, t]], [[r, t], [r, b]], [[r, b], [l, b]], [[l, b], [l, t]],
    [[l, t], [mid, s(17)]], [[mid, s(17)], [r, t]],
    [[mid, s(19.5)], [mid, s(24)]],
  ];
}

function draw(size, background, strokeWidth) {
  const png = new PNG({ width: size, height: size });
  const segments = envelope(size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const c = coverage(x, y, segments, strokeWidth);
      if (background) {
        // White strokes blended over the accent colour; fully opaque.
        png.data[i] = Math.round(background[0] * (1 - c) + 255 * c);
        png.data[i + 1] = Math.round(background[1] * (1 - c) + 255 * c);
        png.data[i + 2] = Math.round(background[2] * (1 - c) + 255 * c);
        png.data[i + 3] = 255;
      } else {
        png.data[i] = 255;
        png.data[i + 1] = 255;
        png.data[i + 2] = 255;
        png.data[i + 3] = Math.round(255 * c);
      }
    }
  }
  return PNG.sync.write(png);
}

fs.writeFileSync(path.join(root, 'appPackage/color.png'), draw(192, [0x2b, 0x6c, 0xb0], 12));
fs.writeFileSync(path.join(root, 'appPackage/outline.png'), draw(32, null, 2));
console.log('wrote appPackage/color.png (192x192) and appPackage/outline.png (32x32)');
