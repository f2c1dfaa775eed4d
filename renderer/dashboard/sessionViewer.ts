import { createContext, useContext } from 'react';
import type { Viewer } from './sessionActions';

/**
 * Who looks at the rows under it, for `sessionActions`: null on the user's own dashboard (every row is
 * theirs); the signed-in user on the Sessions tab, where the rows are everybody's.
 */
export const SessionViewerContext = createContext<Viewer | null>(null);

export function useSessionViewer(): Viewer | null {
  return useContext(SessionViewerContext);
}
