import type { QueryClient } from '@tanstack/react-query';

interface Batch {
  ids: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Gathers ids (of clusters a live event concerns) per query client and hands them to `flush` together once per
 * `delayMs`, at most `max` at a time; ids queued during a flush go in the next one. A failed flush drops its ids:
 * the next event about them, or a reconnect, refreshes them.
 */
export function idBatcher(
  flush: (queryClient: QueryClient, ids: string[]) => Promise<void>,
  delayMs: number,
  max: number,
): (queryClient: QueryClient, id: string) => void {
  const batches = new WeakMap<QueryClient, Batch>();
  const run = async (queryClient: QueryClient, batch: Batch): Promise<void> => {
    const ids = [...batch.ids].slice(0, max);
    ids.forEach((id) => batch.ids.delete(id));
    try {
      await flush(queryClient, ids);
    } catch {
      // Left as they were; see above.
    } finally {
      batch.timer = batch.ids.size ? setTimeout(() => void run(queryClient, batch), delayMs) : null;
    }
  };
  return (queryClient, id) => {
    let batch = batches.get(queryClient);
    if (!batch) {
      batch = { ids: new Set(), timer: null };
      batches.set(queryClient, batch);
    }
    batch.ids.add(id);
    const b = batch;
    b.timer ??= setTimeout(() => void run(queryClient, b), delayMs);
  };
}
