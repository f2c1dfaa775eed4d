/**
 * The RDP gateway facing bytes no RDP client sends, and clients it cannot serve: it answers or hangs up,
 * and keeps serving. Runs without FreeRDP (no target is reached).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../../sandbox/index';
import { PROTOCOL_SSL, SSL_CERT_NOT_ON_SERVER } from '../../../../sandbox/rdp/x224';
import { startTestSandbox } from '../helpers';
import { connectionRequestOffering, firstAnswer } from './rawRdp';

describe('RDP gateway and bad input', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  const refusalOf = (cookie: string) =>
    firstAnswer(sandbox.rdpProxy.port, connectionRequestOffering(cookie, PROTOCOL_SSL)).then((answer) => [
      ...answer.subarray(11),
    ]);

  it('hangs up on bytes that are not RDP, and on a frame that claims to be huge', async () => {
    expect((await firstAnswer(sandbox.rdpProxy.port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).length).toBe(0);
    expect((await firstAnswer(sandbox.rdpProxy.port, Buffer.from([3, 0, 0xff, 0xff, 0, 0, 0]))).length).toBe(0);
  });

  it('refuses before TLS a user name that is no connection string, and a resource without an RDP server', async () => {
    const failure = [0x03, 0, 8, 0, SSL_CERT_NOT_ON_SERVER, 0, 0, 0];
    expect(await refusalOf('alice')).toEqual(failure);
    expect(await refusalOf('alice+Windows Admin (RDP)+win-app-01')).toEqual(failure);
    expect(await refusalOf('alice+Windows Admin (RDP)+no-such-host')).toEqual(failure);
  });

  it('serves other clients while one connects and says nothing', async () => {
    const silent = connect({ host: '127.0.0.1', port: sandbox.rdpProxy.port });
    await new Promise((resolve) => silent.once('connect', resolve));
    expect(await refusalOf('alice+x+y')).toHaveLength(8);
    silent.destroy();
  });
});
