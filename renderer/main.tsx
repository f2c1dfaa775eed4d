import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PamContext, pamFromWindow } from './pam';
import { App } from './shell/App';
import { ColorModeProvider } from './shell/ColorModeProvider';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const pam = pamFromWindow();
if (!pam) {
  // Opened outside the app or the bridge: say so instead of a blank page.
  container.textContent = 'PAM Desk must be opened from the application (window.pam is missing).';
} else {
  createRoot(container).render(
    <StrictMode>
      <PamContext.Provider value={pam}>
        <ColorModeProvider>
          <App />
        </ColorModeProvider>
      </PamContext.Provider>
    </StrictMode>,
  );
}
