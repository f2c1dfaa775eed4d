/**
 * The sandbox in a process of its own (started by sandboxProcess.ts with IPC). Its options come in the
 * environment as JSON; it answers with what a handle holds, then sends every user's current code and
 * whether it is fresh, 10 times a second, so that the parent's `totp()` and `freshCode()` stay synchronous.
 * It stops when the IPC channel closes.
 */
import { startSandbox, type SandboxOptions } from '../../../sandbox/index';

const send = (message: unknown) => (process.connected ? process.send?.(message) : undefined);
const options = JSON.parse(process.env.PD_SANDBOX_PROCESS_OPTIONS ?? '{}') as SandboxOptions;
const handle = await startSandbox({ ...options, log: (line) => send({ log: line }) });
const codes = () =>
  Object.fromEntries(
    handle.users.map((u) => [u.login, { code: handle.totp(u.login), fresh: handle.freshCode(u.login) }]),
  );
const { url, fingerprint, caPem, users, sshProxy, rdpProxy } = handle;
send({ ready: { url, fingerprint, caPem, users, sshProxy, rdpProxy }, codes: codes() });
const timer = setInterval(() => send({ codes: codes() }), 100);
// The parent stops it by disconnecting, and a parent that went away disconnects too: either way it ends.
process.on('disconnect', () => {
  clearInterval(timer);
  void handle.stop().finally(() => process.exit(0));
});
