import { useSyncExternalStore } from 'react';

// One shared ticker for every relative time on the page, instead of a timer per table cell.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, re-rendering every second while mounted. */
export function useNow(): Date {
  const value = useSyncExternalStore(
    subscribe,
    () => now,
    () => now,
  );
  return new Date(value);
}
