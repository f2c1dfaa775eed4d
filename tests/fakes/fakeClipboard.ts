import type { ClipboardAdapter } from '../../main/clipboard/clipboardGuard';
import type { ClipboardFormat } from '../../main/clipboard/secretFormats';

/** An in-memory system clipboard: what the OS would hold, with the formats written alongside the text. */
export class FakeClipboard implements ClipboardAdapter {
  text = '';
  formats: ClipboardFormat[] = [];
  writes = 0;
  clears = 0;
  /** When set, the next write waits for this promise (tests of copies racing each other). */
  gate: Promise<void> | null = null;

  async writeSecret(text: string, formats: ClipboardFormat[]): Promise<void> {
    const gate = this.gate;
    this.gate = null;
    if (gate) await gate;
    this.text = text;
    this.formats = formats;
    this.writes += 1;
  }

  async readText(): Promise<string> {
    return this.text;
  }

  clear(): void {
    this.text = '';
    this.formats = [];
    this.clears += 1;
  }

  /** Another application (or the user) copies something. */
  userCopies(text: string): void {
    this.text = text;
    this.formats = [];
  }
}
