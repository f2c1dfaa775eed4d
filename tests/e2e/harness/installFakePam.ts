/** Bundled into a classic script for the dev harness: puts an in-memory `window.pam` on the page. */
import { createFakePam } from '../../fakes/fakePam';

const params = new URLSearchParams(location.search);
const fake = createFakePam({ signedInAs: params.get('as'), extraSessions: Number(params.get('extra') ?? 24) });
// `?fail=sessions.watch:server_error` makes that action's first call fail, to show error states.
for (const spec of params.getAll('fail')) {
  const [action, code] = spec.split(':');
  if (action && code) fake.failNext(action, code as Parameters<typeof fake.failNext>[1]);
}
(window as unknown as { pam: unknown; fakePam: unknown }).pam = fake.api;
// The harness drives feed states and status changes from Playwright through this handle.
(window as unknown as { fakePam: unknown }).fakePam = fake;
