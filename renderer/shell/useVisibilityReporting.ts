import { useEffect } from 'react';
import { usePam } from '../pam';

/** Main polls slower while the window is hidden; it learns about it from here. */
export function useVisibilityReporting(): void {
  const pam = usePam();
  useEffect(() => {
    const report = () => {
      pam.app.setVisible({ visible: document.visibilityState === 'visible' }).catch(() => undefined);
    };
    report();
    document.addEventListener('visibilitychange', report);
    return () => document.removeEventListener('visibilitychange', report);
  }, [pam]);
}
