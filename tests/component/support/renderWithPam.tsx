/**
 * Renders a piece of the UI as MainScreen would, on the in-memory `window.pam` (tests/fakes/fakePam.ts, the
 * same fake the e2e harness installs): the real client (`pamFromWindow`), theme, notices and feed status.
 */
import { ThemeProvider } from '@mui/material/styles';
import type {} from '@mui/x-data-grid/themeAugmentation';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { pamFromWindow, PamContext, type PamClient } from '../../../renderer/pam';
import { CredentialsProvider } from '../../../renderer/credentials/CredentialsContext';
import { NotifierProvider } from '../../../renderer/shell/Notifier';
import { TerminalsProvider } from '../../../renderer/terminal/TerminalsContext';
import { createAppTheme } from '../../../renderer/shell/theme';
import { FeedStatusContext, useFeedStatusSubscription } from '../../../renderer/shell/useFeedStatus';
import { createFakePam, type FakePam, type FakePamOptions } from '../../fakes/fakePam';

// jsdom lays nothing out, so a virtualised grid would think no row fits: render every row of the page.
const theme = createAppTheme('light');
theme.components = {
  ...theme.components,
  MuiDataGrid: { defaultProps: { disableVirtualization: true } },
};

function FeedStatusFromPam({ children }: { children: ReactElement }) {
  return <FeedStatusContext.Provider value={useFeedStatusSubscription()}>{children}</FeedStatusContext.Provider>;
}

export interface Rendered extends RenderResult {
  fake: FakePam;
  pam: PamClient;
}

/** `signedInAs` defaults to alice; actions answer at once unless `latencyMs` says otherwise. */
export function renderWithPam(ui: ReactElement, options: FakePamOptions = {}): Rendered {
  const fake = createFakePam({ signedInAs: 'alice', latencyMs: 0, ...options });
  (window as unknown as { pam: unknown }).pam = fake.api;
  const pam = pamFromWindow();
  if (!pam) throw new Error('window.pam was not installed');
  const rendered = render(
    <PamContext.Provider value={pam}>
      <ThemeProvider theme={theme}>
        <NotifierProvider>
          <FeedStatusFromPam>
            <CredentialsProvider>
              <TerminalsProvider>{ui}</TerminalsProvider>
            </CredentialsProvider>
          </FeedStatusFromPam>
        </NotifierProvider>
      </ThemeProvider>
    </PamContext.Provider>,
  );
  return { ...rendered, fake, pam };
}
