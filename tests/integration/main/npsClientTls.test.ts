/**
 * The NPS client's transport over real TLS: pinning, refusing before sending, untrusted certificates,
 * keep-alive, and the probe that the sign-in screen shows.
 */
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNpsClient } from '../../../main/nps/npsClient';
import { probeServer } from '../../../main/nps/serverProbe';
import { UntrustedCertificateError } from '../../../main/nps/tlsTrust';
import {
  json,
  makeCert,
  startHttpServer,
  startHttpsServer,
  startRecordingTlsServer,
  type CountingServer,
  type TestCert,
} from './testServers';

const PAGE = { data: [{ id: '497f6eca-6276-4993-bfeb-53cbbbba6f08', status: 'ActiveNoLogon' }], recordsTotal: 1 };
const TOKEN = 'header.payload.signature-0123456789';

let cert: TestCert;
let otherCert: TestCert;
let server: CountingServer;

beforeAll(async () => {
  [cert, otherCert] = await Promise.all([makeCert(), makeCert()]);
  server = await startHttpsServer(cert, (req, res) => {
    if (req.url?.startsWith('/api/v1/ActivitySession/MySummaryByStatus/')) return json(res, 200, PAGE);
    json(res, 404, { title: 'Not Found' });
  });
});
afterAll(() => server.close());

describe('pinned self-signed server', () => {
  it('works with the right fingerprint, sends the bearer token, and reuses the connection', async () => {
    const client = createNpsClient({ baseUrl: server.url, pin: cert.fingerprint.toLowerCase(), retries: 0 });
    try {
      const handshakesBefore = server.handshakes;
      const api = client.withToken(TOKEN);
      const first = await api.summariesByStatus('mine', 'Active', { take: 10, resourceName: ['web01', 'db01'] });
      await api.summariesByStatus('mine', 'Active');
      expect(first).toEqual(PAGE);
      const request = server.requests.at(-2)!;
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.url).toBe(
        '/api/v1/ActivitySession/MySummaryByStatus/Active?take=10&resourceName=web01&resourceName=db01',
      );
      expect(server.handshakes - handshakesBefore).toBe(1);
    } finally {
      client.close();
    }
  });

  it('a wrong fingerprint is refused before any byte is sent, naming both fingerprints', async () => {
    const recorder = await startRecordingTlsServer(cert);
    const client = createNpsClient({ baseUrl: recorder.url, pin: otherCert.fingerprint, retries: 2 });
    try {
      const error = await client.signInWithPassword('alice', 'the-password').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'certificate_mismatch' });
      expect((error as Error).message).toContain(`Expected ${otherCert.fingerprint}`);
      expect((error as Error).message).toContain(`got ${cert.fingerprint}`);
      await expect(client.withToken(TOKEN).summariesByStatus('mine', 'Active')).rejects.toMatchObject({
        code: 'certificate_mismatch',
      });
      expect(recorder.connections()).toBeGreaterThan(0); // the server was reached…
      expect(recorder.bytesReceived()).toBe(0); // …and got no request, no header, no password
    } finally {
      client.close();
      await recorder.close();
    }
  });

  it('(control) the recording server does see the bytes of a client that skips verification', async () => {
    const recorder = await startRecordingTlsServer(cert);
    try {
      await new Promise<void>((resolve) => {
        const req = https.request(`${recorder.url}/signinBody`, { method: 'POST', rejectUnauthorized: false });
        req.on('error', () => resolve());
        req.end('{"Login":"alice"}');
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 200);
      });
      expect(recorder.bytesReceived()).toBeGreaterThan(0);
    } finally {
      await recorder.close();
    }
  });

  it('without a pin, a self-signed certificate is untrusted_certificate carrying its fingerprint, and nothing is sent', async () => {
    const recorder = await startRecordingTlsServer(cert);
    const client = createNpsClient({ baseUrl: recorder.url, pin: null, retries: 2 });
    try {
      const error = await client.signInWithPassword('alice', 'the-password').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UntrustedCertificateError);
      expect(error).toMatchObject({ code: 'untrusted_certificate', peer: { fingerprint: cert.fingerprint } });
      expect((error as Error).message).toContain(cert.fingerprint);
      expect(recorder.connections()).toBe(1); // not retried: a certificate problem is not transient
      expect(recorder.bytesReceived()).toBe(0);
    } finally {
      client.close();
      await recorder.close();
    }
  });

  it('a certificate signed by a trusted CA needs no pin', async () => {
    const client = createNpsClient({
      baseUrl: server.url.replace('127.0.0.1', 'localhost'),
      pin: null,
      ca: [cert.cert],
      retries: 0,
    });
    try {
      await expect(client.withToken(TOKEN).summariesByStatus('mine', 'Active')).resolves.toEqual(PAGE);
    } finally {
      client.close();
    }
  });
});

describe('probe', () => {
  it('reports an unknown self-signed server as untrusted with its certificate details', async () => {
    const probe = await probeServer(server.url, { pin: null });
    expect(probe).toMatchObject({
      url: server.url,
      tls: 'untrusted',
      fingerprint: cert.fingerprint,
      subject: 'localhost',
      issuer: 'localhost',
    });
    expect(Date.parse(probe.validTo ?? '')).toBeGreaterThan(Date.now());
  });

  it('reports pinned when the pin matches, and a hard mismatch when it does not', async () => {
    await expect(probeServer(server.url, { pin: cert.fingerprint })).resolves.toMatchObject({ tls: 'pinned' });
    await expect(probeServer(server.url, { pin: otherCert.fingerprint })).rejects.toMatchObject({
      code: 'certificate_mismatch',
    });
  });

  it('reports none for plain HTTP, after checking something listens', async () => {
    const plain = await startHttpServer((_req, res) => json(res, 200, {}));
    try {
      await expect(probeServer(plain.url, { pin: null })).resolves.toEqual({
        url: plain.url,
        tls: 'none',
        fingerprint: null,
        subject: null,
        issuer: null,
        validTo: null,
      });
    } finally {
      await plain.close();
    }
    await expect(probeServer(plain.url, { pin: null })).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('reports trusted for a CA-verified server', async () => {
    await expect(
      probeServer(server.url.replace('127.0.0.1', 'localhost'), { pin: null, ca: [cert.cert] }),
    ).resolves.toMatchObject({ tls: 'trusted' });
  });
});
