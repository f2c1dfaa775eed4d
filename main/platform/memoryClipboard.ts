import type { ClipboardAdapter } from '../clipboard/clipboardGuard';
import type { ClipboardFormat } from '../clipboard/secretFormats';

/**
 * The bridge's "system clipboard" (tests, browser development): there is no OS clipboard to use, so the
 * bridge process owns this one. Tests read it through the core (`core.clipboard`); no channel exposes it
 * to the page.
 */
export class MemoryClipboard implements ClipboardAdapter {
  private text = '';
  private extra: ClipboardFormat[] = [];
  private writeCount = 0;

  async writeSecret(text: string, formats: ClipboardFormat[]): Promise<void> {
    this.text = text;
    this.extra = formats.map((f) => ({ format: f.format, data: Buffer.from(f.data) }));
    this.writeCount += 1;
  }

  async readText(): Promise<string> {
    return this.text;
  }

  clear(): void {
    this.text = '';
    this.extra = [];
  }

  /** What the clipboard holds now (tests). */
  peek(): { text: string; formats: string[]; writes: number } {
    return { text: this.text, formats: this.extra.map((f) => f.format), writes: this.writeCount };
  }

  /** Another application copies something (tests). */
  userCopies(text: string): void {
    this.text = text;
    this.extra = [];
  }
}
