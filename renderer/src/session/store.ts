// Who is logged in at this desk. The token lives in sessionStorage (client.ts) so a reload keeps the
// session while closing the window ends it; the session info is re-read from the station on load.
import { createContext, useContext } from 'react';
import type { SessionInfo } from '../../../shared/contract';

export interface SessionApi {
  session: SessionInfo;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a logged-in desk');
  return s;
}
