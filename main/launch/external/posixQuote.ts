/**
 * Quoting for the one place a command line must go through a shell: terminals that take a single command
 * string (macOS Terminal's `do script`, `konsole -e` in some versions). Each word is put in single quotes,
 * inside which a POSIX shell gives no character a meaning; a single quote itself becomes `'\''`. Words
 * with a NUL cannot be passed to a program at all and are refused.
 */
export function quoteWord(word: string): string {
  if (word.includes('\u0000')) throw new TypeError('a command-line word cannot contain NUL');
  if (/^[A-Za-z0-9_\-./=:@+,%]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function quoteCommand(words: readonly string[]): string {
  if (words.length === 0) throw new TypeError('no command to quote');
  return words.map(quoteWord).join(' ');
}
