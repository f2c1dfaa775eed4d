import type { NoticeCounts } from '../../contract';
import { countsText } from '../../contract/pure/noticeCounts';

/**
 * The tray icon's pixels, drawn here rather than shipped as a file (the packaged app holds no `build/`):
 * a rounded square in the app's blue with a light dot when something is waiting. Raw BGRA, as Electron's
 * `nativeImage.createFromBitmap` takes it.
 */
export function trayIconBitmap(size: number, attention: boolean): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const radius = size * 0.22;
  const dotCentre = size * 0.72;
  const dotRadius = size * 0.2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = Math.max(radius - x - 0.5, 0, x + 0.5 - (size - radius));
      const cy = Math.max(radius - y - 0.5, 0, y + 0.5 - (size - radius));
      const inside = cx * cx + cy * cy <= radius * radius;
      const dot = attention && (x + 0.5 - dotCentre) ** 2 + (y + 0.5 - dotCentre) ** 2 <= dotRadius ** 2;
      const offset = (y * size + x) * 4;
      if (dot)
        pixels.set([0x2e, 0x7d, 0xf5, 0xff], offset); // amber (B, G, R, A)
      else if (inside) pixels.set([0xc0, 0x65, 0x15, 0xff], offset); // blue #1565C0
    }
  }
  return pixels;
}

/** "2 requests waiting for approval · 1 session ready to launch", or the app's name when nothing waits. */
export function trayTooltip(counts: NoticeCounts): string {
  const waiting = countsText(counts);
  return waiting ? `PAM Desk — ${waiting}` : 'PAM Desk';
}
