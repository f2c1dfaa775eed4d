/**
 * Looks for secrets in every file under some folders, byte for byte: as UTF-8, UTF-16LE and base64 (the
 * three ways a string usually lands on disk). Six-digit MFA codes are matched only as whole numbers (no
 * digit on either side), or any log with a timestamp would "contain" one.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Needle {
  label: string;
  value: string;
  /** Whole numbers only (MFA codes). */
  digits?: boolean;
}

export interface Hit {
  label: string;
  form: 'utf8' | 'utf16le' | 'base64';
  file: string;
}

function forms(needle: Needle): Array<{ form: Hit['form']; bytes: Buffer }> {
  const list: Array<{ form: Hit['form']; bytes: Buffer }> = [
    { form: 'utf8', bytes: Buffer.from(needle.value, 'utf8') },
    { form: 'utf16le', bytes: Buffer.from(needle.value, 'utf16le') },
  ];
  // A base64 encoding of a short code is too short to mean anything; of a password or token it is telling.
  if (!needle.digits) {
    // The three alignments a value can have inside a longer base64 text, without the padding-dependent edges.
    for (let shift = 0; shift < 3; shift += 1) {
      const encoded = Buffer.from('x'.repeat(shift) + needle.value, 'utf8').toString('base64');
      const start = Math.ceil((shift * 4) / 3) + (shift ? 1 : 0);
      const end = encoded.replace(/=+$/, '').length - 2;
      if (end - start >= 8) list.push({ form: 'base64', bytes: Buffer.from(encoded.slice(start, end), 'utf8') });
    }
  }
  return list;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function contains(haystack: Buffer, bytes: Buffer, digits: boolean, step: number): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(bytes, from);
    if (at < 0) return false;
    if (!digits) return true;
    // UTF-16LE digits are followed by a zero byte: look one character (step bytes) to each side.
    if (!isDigit(haystack[at - step]) && !isDigit(haystack[at + bytes.length])) return true;
    from = at + 1;
  }
}

export function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

export function scanForSecrets(roots: string[], needles: Needle[]): { files: number; bytes: number; hits: Hit[] } {
  const hits: Hit[] = [];
  let files = 0;
  let bytes = 0;
  const prepared = needles.filter((n) => n.value.length > 0).map((n) => ({ needle: n, forms: forms(n) }));
  for (const root of roots) {
    for (const file of listFiles(root)) {
      let content: Buffer;
      try {
        content = fs.readFileSync(file);
      } catch {
        continue; // a socket or a file removed meanwhile
      }
      files += 1;
      bytes += content.length;
      for (const { needle, forms: variants } of prepared) {
        for (const { form, bytes: pattern } of variants) {
          if (contains(content, pattern, needle.digits === true, form === 'utf16le' ? 2 : 1)) {
            hits.push({ label: needle.label, form, file });
          }
        }
      }
    }
  }
  return { files, bytes, hits };
}
