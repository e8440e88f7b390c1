/** A hub placement in words: `selector env=prod; clusters a,b`, or `none`. */
export function placementText(p: { clusterSelector: string | null; clusterNames: string[] }): string {
  const parts = [p.clusterSelector && `selector ${p.clusterSelector}`, p.clusterNames.length > 0 && `clusters ${p.clusterNames.join(',')}`];
  return parts.filter(Boolean).join('; ') || 'none';
}
