import { CliError, EXIT } from '../../hub/exit-codes.js';

/**
 * `--local-sources`, as flux reads it: comma-separated `key=value` pairs, the flag repeatable, a later key
 * replacing an earlier one. The key is a source as `Kind/namespace/name` (what a Kustomization's sourceRef
 * names, its namespace defaulting to the Kustomization's), the value a local directory standing for that
 * source's root. Flux takes any key and only never finds a malformed one; this names it at once (exit 2).
 */
export function parseLocalSources(values: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values) {
    for (const pair of value.split(',')) {
      if (pair === '') continue;
      const at = pair.indexOf('=');
      const key = at < 0 ? '' : pair.slice(0, at);
      const dir = at < 0 ? '' : pair.slice(at + 1);
      if (at < 0 || dir === '') throw new CliError(EXIT.usage, `--local-sources: '${pair}' must be formatted as Kind/namespace/name=path`);
      const parts = key.split('/');
      if (parts.length !== 3 || parts.some((p) => p === '')) {
        throw new CliError(EXIT.usage, `--local-sources: '${key}' must name a source as Kind/namespace/name (e.g. GitRepository/flux-system/fleet)`);
      }
      out.set(key, dir);
    }
  }
  return out;
}

/** Commander's collector for a repeatable flag. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
