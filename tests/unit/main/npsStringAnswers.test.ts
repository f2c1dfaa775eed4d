import { describe, expect, it } from 'vitest';
import { passwordFrom, textFrom } from '../../../main/nps/npsAnswers';

const ORIGIN = 'https://nps.example.com:6500';

describe('one-string answers (password, SSH URL, RDP file)', () => {
  it('a password is taken as sent, spaces included, from JSON or plain text', () => {
    expect(passwordFrom('"  p@ss "', 'application/json', ORIGIN)).toBe('  p@ss ');
    expect(passwordFrom(' p@ss ', 'text/plain', ORIGIN)).toBe(' p@ss ');
  });

  it('a text answer is trimmed, and a quoted one after whitespace is read as JSON', () => {
    expect(textFrom('  ssh://x@h:22 \n', 'text/plain', ORIGIN, 'the SSH address')).toBe('ssh://x@h:22');
    expect(textFrom(' "a\\r\\nb" ', 'text/plain', ORIGIN, 'the RDP file')).toBe('a\r\nb');
  });

  const hostile: Array<[string, () => string, RegExp]> = [
    ['a password as a web page', () => passwordFrom('<html>', 'text/html', ORIGIN), /web page instead of the password/],
    ['an unreadable password', () => passwordFrom('"x', 'application/json', ORIGIN), /the password in an unreadable/],
    ['an empty password', () => passwordFrom('""', 'application/json', ORIGIN), /did not send a password\./],
    ['a password that is a number', () => passwordFrom('42', 'application/json', ORIGIN), /did not send a password/],
    ['a password over 4 KiB', () => passwordFrom('y'.repeat(4097), 'text/plain', ORIGIN), /did not send a password/],
    ['a text as a web page', () => textFrom('<p>', 'text/html', ORIGIN, 'the RDP file'), /web page instead of the RDP/],
    ['an unreadable text', () => textFrom(' "x', 'text/plain', ORIGIN, 'the SSH address'), /SSH address in an unread/],
    ['a blank text', () => textFrom('  \n', 'text/plain', ORIGIN, 'the SSH address'), /did not send the SSH address/],
    ['a text that is an object', () => textFrom('{}', 'application/json', ORIGIN, 'the RDP file'), /did not send/],
  ];
  it.each(hostile)('refuses %s without quoting it', (_name, read, message) => {
    expect(read).toThrow(message);
    try {
      read();
    } catch (error) {
      expect((error as Error).message).not.toMatch(/<html>|<p>|yyyy/);
    }
  });
});
