import { diffOwner, type ClusterDiff } from '../cluster-diffs.js';

/** The parts of a proposal a pull request shows. */
export interface ForgeProposal {
  id: string;
  automation: string;
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
export const forgeTitle = (p: ForgeProposal): string => p.message.split('\n')[0]!.slice(0, 250) || `Image update by ${p.automation}`;

/** The description: the image changes and, per cluster, how many objects change. */
export function forgeDescription(p: ForgeProposal, max: number): string {
  const lines = [
    `Image update proposed by the Flotilla ImageUpdateAutomation \`${p.automation}\` (proposal \`${p.id}\`).`,
    '',
    '### Images',
    ...p.imageChanges.map((c) => `- \`${c.file}\`: \`${c.oldValue}\` → \`${c.newValue}\` (policy \`${c.policy}\`)`),
    '',
    '### Per cluster',
    ...(p.clusterDiffs.length ? ['| Cluster | Kustomization or HelmRelease | Objects |', '|---|---|---|', ...p.clusterDiffs.map(clusterLine)] : ['No Kustomization or HelmRelease reading this source targets a cluster.']),
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
  if (!p.clusterDiffs.length) lines.push('', 'No Kustomization reading this source targets a cluster.');
  return bounded(lines.join('\n'), max, `on the proposal's page in Flotilla`);
}
