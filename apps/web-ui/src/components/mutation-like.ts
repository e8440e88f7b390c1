/** The part of a TanStack mutation that shared components drive; features pass their own hooks' results. */
export interface MutationLike<V, D = unknown> {
  isPending: boolean;
  error: unknown;
  reset(): void;
  mutate(variables: V, options?: { onSuccess?: (data: D) => void }): void;
}
