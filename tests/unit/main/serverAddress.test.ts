import { describe, expect, it } from 'vitest';
import { originOf, serverAddress, serverOrigin } from '../../../main/nps/serverAddress';

describe('one spelling of a server address', () => {
  it.each([
    ['HTTPS://NPS.Example:443/', 'https://nps.example', 'https://nps.example'],
    ['https://nps.example:6500/Base//', 'https://nps.example:6500', 'https://nps.example:6500/base'],
    ['http://[::1]:8080/x', 'http://[::1]:8080', 'http://[::1]:8080/x'],
  ])('%s → origin %s, address %s', (url, origin, address) => {
    expect(serverOrigin(url)).toBe(origin);
    expect(serverAddress(url)).toBe(address);
  });

  it('builds the origin of our own app: scheme, where URL.origin says "null", and refuses what has no host', () => {
    expect(originOf('app://pam-desk/index.html')).toBe('app://pam-desk');
    expect(originOf('not a url')).toBeNull();
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(() => serverOrigin('mailto:alice@example.com')).toThrow(TypeError);
    expect(() => serverAddress('nps.example')).toThrow(TypeError);
  });
});
