import { describe, expect, it } from 'vitest';
import { piecesOf } from '../../../renderer/terminal/inputPieces';

describe('terminal input pieces', () => {
  it('keeps typing as it is and splits a large paste in order, never inside a surrogate pair', () => {
    expect(piecesOf('ls -l\r')).toEqual(['ls -l\r']);
    const paste = 'a'.repeat(16 * 1024 - 1) + '😀' + 'b'.repeat(40_000);
    const pieces = piecesOf(paste);
    expect(pieces.join('')).toBe(paste);
    expect(pieces.every((p) => p.length <= 16 * 1024 && p.length > 0)).toBe(true);
    expect(pieces[1]!.startsWith('😀')).toBe(true);
  });
});
