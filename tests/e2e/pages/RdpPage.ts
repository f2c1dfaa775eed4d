import type { Locator, Page } from 'playwright-core';

/** The RDP tabs: the canvas with the remote desktop, its state, and the closed notice. */
export class RdpPage {
  constructor(readonly page: Page) {}

  launchIcon(row: Locator): Locator {
    return row.locator('[data-action="launch"]');
  }

  tab(): Locator {
    return this.page.locator('[data-testid="rdp-tab"]:visible');
  }

  title(): Locator {
    return this.tab().getByTestId('rdp-title');
  }

  canvas(): Locator {
    return this.tab().getByTestId('rdp-canvas');
  }

  closedNotice(): Locator {
    return this.tab().getByTestId('rdp-closed');
  }

  /** The RGBA pixel at desktop coordinates (x, y) of the canvas. */
  async pixel(x: number, y: number): Promise<number[]> {
    return this.canvas().evaluate(
      (canvas, [px, py]) =>
        Array.from((canvas as HTMLCanvasElement).getContext('2d')!.getImageData(px!, py!, 1, 1).data),
      [x, y],
    );
  }

  /** How many different colours the canvas shows (sampled every 4th pixel). */
  async colours(): Promise<number> {
    return this.canvas().evaluate((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 16) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size;
    });
  }

  /** Clicks the desktop at (x, y) in its own coordinates (the canvas is scaled to fit the tab). */
  async clickAt(x: number, y: number): Promise<void> {
    const canvas = this.canvas();
    const { width, height } = await canvas.evaluate((c) => ({
      width: (c as HTMLCanvasElement).width,
      height: (c as HTMLCanvasElement).height,
    }));
    const box = (await canvas.boundingBox())!;
    const scale = Math.min(box.width / width, box.height / height);
    const left = box.x + (box.width - width * scale) / 2;
    const top = box.y + (box.height - height * scale) / 2;
    await this.page.mouse.click(left + x * scale, top + y * scale);
  }
}
