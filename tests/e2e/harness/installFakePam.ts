/** Bundled into a classic script for the dev harness: puts an in-memory `window.pam` on the page. */
import { createFakePam } from '../../fakes/fakePam';

const params = new URLSearchParams(location.search);
const fake = createFakePam({ signedInAs: params.get('as'), extraSessions: Number(params.get('extra') ?? 24) });
(window as unknown as { pam: unknown; fakePam: unknown }).pam = fake.api;
// The harness drives feed states and status changes from Playwright through this handle.
(window as unknown as { fakePam: unknown }).fakePam = fake;
