/**
 * Runs `deleteChunk(limit)` (a `DELETE … WHERE id IN (SELECT … LIMIT limit)`) until it deletes fewer than
 * `chunk` rows, so a retention sweep never holds one long lock over a large table; returns how many went.
 */
export async function deleteInChunks(deleteChunk: (limit: number) => Promise<number>, chunk = 10_000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deleteChunk(chunk);
    total += n;
    if (n < chunk) return total;
  }
}
