/** Flux's spec.policy in a few words: `semver ~1.0`, `alphabetical asc`, `numerical desc`. */
export function policyText(policy: unknown): string {
  if (typeof policy !== 'object' || policy === null) return '—';
  const p = policy as {
    semver?: { range?: unknown };
    alphabetical?: { order?: unknown };
    numerical?: { order?: unknown };
  };
  if (p.semver) return `semver ${String(p.semver.range ?? '')}`;
  if (p.alphabetical) return `alphabetical ${String(p.alphabetical.order ?? 'asc')}`;
  if (p.numerical) return `numerical ${String(p.numerical.order ?? 'asc')}`;
  return '—';
}
