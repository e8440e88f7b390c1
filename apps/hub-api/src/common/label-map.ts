/** A cluster's stored labels column as a plain map; anything but string values is ignored. */
export function labelMap(json: unknown): Record<string, string> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A stored labels column as GraphQL's key-value list. */
export const labelList = (json: unknown): { key: string; value: string }[] =>
  Object.entries(labelMap(json)).map(([key, value]) => ({ key, value }));
