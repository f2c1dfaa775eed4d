import { useEffect, useRef, useState } from 'react';

/** The value once it has stopped changing for `delayMs`; `onSettle` runs when it is taken over. */
export function useDebouncedValue<T>(value: T, delayMs: number, onSettle?: () => void): T {
  const [settled, setSettled] = useState(value);
  const settle = useRef(onSettle);
  useEffect(() => {
    settle.current = onSettle;
  });
  useEffect(() => {
    const timer = setTimeout(() => {
      settle.current?.();
      setSettled(value);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
