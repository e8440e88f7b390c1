import { diffOwner, type ClusterDiff } from '../cluster-diffs.js';

/** Where a proposal comes from: an automation's image update, or a hand edit of an object a FleetSync made. */
export type ForgeOrigin =
  | { kind: 'automation'; automation: string }
  | { kind: 'fleetEdit'; fleetSync: string; object: string; action: 'edit' | 'delete'; file: string; proposedBy: string };

/** The parts of a proposal a pull request shows. */
export interface ForgeProposal {
  id: string;
  origin: ForgeOrigin;
  message: string;
  imageChanges: readonly { file: string; oldValue: string; newValue: string; policy: string }[];
  clusterDiffs: readonly ClusterDiff[];
}

/**
 * Cuts `text` to at most `max` characters at a line end, saying how much was left out and where the
 * whole of it is: forges refuse a body or a comment over their limit.
 */
export function bounded(text: string, max: number, whereAll: string): string {
  if (text.length <= max) return text;
  const note = (n: number): string => `\n\n… ${n} more characters left out (the forge limits this text); the whole of it is ${whereAll}.`;
  const room = max - note(text.length).length;
  const cut = text.lastIndexOf('\n', room);
  const kept = text.slice(0, cut > 0 ? cut : Math.max(0, room));
  return kept + note(text.length - kept.length);
}

const clusterLine = (c: ClusterDiff): string => {
  if (c.error) return `| ${c.cluster} | ${diffOwner(c)} | does not render: ${c.error.replace(/\|/g, '\\|').split('\n')[0]} |`;
  const parts = [c.added.length && `${c.added.length} added`, c.changed.length && `${c.changed.length} changed`, c.removed.length && `${c.removed.length} removed`].filter(Boolean);
  return `| ${c.cluster} | ${diffOwner(c)} | ${parts.join(', ') || 'no change'} |`;
};

/** The pull request's title: the commit's subject line. */
export const forgeTitle = (p: ForgeProposal): string =>
  p.message.split('\n')[0]!.slice(0, 250) || (p.origin.kind === 'automation' ? `Image update by ${p.origin.automation}` : `${p.origin.action === 'delete' ? 'Delete' : 'Edit'} ${p.origin.object}`);

/** What the description says of no per-cluster diff: an edit of a kind without one is shown by its file diff. */
const noClusterDiffs = (p: ForgeProposal): string =>
  p.origin.kind === 'fleetEdit' ? 'No per-cluster diff: the file diff is the change.' : 'No Kustomization or HelmRelease reading this source targets a cluster.';

/** What the change is, who proposed it and through what. */
function originLines(p: ForgeProposal): string[] {
  const o = p.origin;
  if (o.kind === 'automation')
    return [
      `Image update proposed by the Flotilla ImageUpdateAutomation \`${o.automation}\` (proposal \`${p.id}\`).`,
      '',
      '### Images',
      ...p.imageChanges.map((c) => `- \`${c.file}\`: \`${c.oldValue}\` → \`${c.newValue}\` (policy \`${c.policy}\`)`),
    ];
  return [
    `${o.action === 'delete' ? 'Deletion' : 'Edit'} of \`${o.object}\` in \`${o.file}\`, proposed by ${o.proposedBy} in Flotilla (proposal \`${p.id}\`).`,
    `Once merged, the Flotilla FleetSync \`${o.fleetSync}\` applies it.`,
  ];
}

/** The description: what changes (the image changes, or the edited object) and, per cluster, how many objects change. */
export function forgeDescription(p: ForgeProposal, max: number): string {
  const lines = [
    ...originLines(p),
    '',
    '### Per cluster',
    ...(p.clusterDiffs.length ? ['| Cluster | Kustomization or HelmRelease | Objects |', '|---|---|---|', ...p.clusterDiffs.map(clusterLine)] : [noClusterDiffs(p)]),
  ];
  return bounded(lines.join('\n'), max, `on the proposal's page in Flotilla`);
}

/** The comment: every cluster's objects added, changed (with the fields) and removed. */
export function forgeClusterComment(p: ForgeProposal, max: number): string {
  const lines = ['### Rendered diff per cluster'];
  for (const c of p.clusterDiffs) {
    lines.push('', `**${c.cluster}** — \`${diffOwner(c)}\``);
    if (c.error) lines.push(`- does not render: ${c.error.split('\n')[0]}`);
    for (const o of c.added) lines.push(`- added \`${o}\``);
    for (const o of c.changed) lines.push(`- changed \`${o.object}\`: ${o.fields.map((f) => `\`${f}\``).join(', ')}`);
    for (const o of c.removed) lines.push(`- removed \`${o}\``);
    if (!c.error && !c.added.length && !c.changed.length && !c.removed.length) lines.push('- no change');
  }
  if (!p.clusterDiffs.length) lines.push('', noClusterDiffs(p));
  return bounded(lines.join('\n'), max, `on the proposal's page in Flotilla`);
}
