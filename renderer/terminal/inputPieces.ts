const INPUT_PIECE = 16 * 1024;

/** A large paste in pieces the contract accepts, never splitting a surrogate pair; sent in order. */
export function piecesOf(data: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + INPUT_PIECE, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(data.slice(start, end));
    start = end;
  }
  return pieces;
}
