import { createContext, useContext, useEffect, useState } from 'react';
import type { FeedStatus } from '../../contract';
import { usePam } from '../pam';

const idle: FeedStatus = { state: 'idle', message: '', code: null, lastSuccessAt: null };

/** The health of the session feed as main reports it (live, offline and retrying, error). */
export function useFeedStatusSubscription(): FeedStatus {
  const pam = usePam();
  const [status, setStatus] = useState<FeedStatus>(idle);
  useEffect(() => pam.sessions.onFeed(setStatus), [pam]);
  return status;
}

export const FeedStatusContext = createContext<FeedStatus>(idle);

export function useFeedStatus(): FeedStatus {
  return useContext(FeedStatusContext);
}
