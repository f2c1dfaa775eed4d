import { describe, expect, it } from 'vitest';
import { createSandboxHost } from '../../../main/sandboxHost/sandboxHost';
import { fakeSandbox } from '../../fakes/fakeSandbox';
import { MemoryLogger } from '../../fakes/memoryLogger';

function host() {
  const sandbox = fakeSandbox();
  let starts = 0;
  const created = createSandboxHost({
    startSandbox: async () => {
      starts += 1;
      return sandbox;
    },
    trustForThisRun: () => undefined,
    log: new MemoryLogger(),
  });
  return { host: created, sandbox, starts: () => starts };
}

describe('sandbox host: which address is the sandbox', () => {
  it('serves only the address of the sandbox running now, however it is written', async () => {
    const { host: sandboxHost, sandbox } = host();
    expect(sandboxHost.serves(sandbox.url)).toBe(false);
    await sandboxHost.start();
    expect(sandboxHost.serves(sandbox.url)).toBe(true);
    expect(sandboxHost.serves(`${sandbox.url.toUpperCase()}/`)).toBe(true);
    expect(sandboxHost.serves('https://127.0.0.1:45679')).toBe(false);
    await sandboxHost.stop();
    expect(sandboxHost.serves(sandbox.url)).toBe(false);
  });

  it("a sandbox profile's address is where the sandbox runs this time (started once); a server's is its own", async () => {
    const { host: sandboxHost, sandbox, starts } = host();
    await expect(sandboxHost.addressOf({ kind: 'server', url: 'https://nps.example:6500' })).resolves.toBe(
      'https://nps.example:6500',
    );
    expect(starts()).toBe(0);
    const addressOf = sandboxHost.addressOf;
    await expect(addressOf({ kind: 'sandbox', url: 'https://127.0.0.1:1' })).resolves.toBe(sandbox.url);
    await expect(sandboxHost.addressOf({ kind: 'sandbox', url: 'https://127.0.0.1:1' })).resolves.toBe(sandbox.url);
    expect(starts()).toBe(1);
  });
});
