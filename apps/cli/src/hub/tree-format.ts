import type { FluxObjectView, FluxTreeNodeView } from './flux-objects.js';

/** `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object, as `flux tree` names each node. */
export function objectName(o: { kind: string; namespace: string | null; name: string }): string {
  return o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`;
}

/** The health a Flux node carries after its name; other objects have none reported. */
function health(o: Pick<FluxObjectView, 'ready' | 'reason' | 'suspended'> | null): string {
  if (!o) return '';
  if (o.suspended) return ' (Suspended)';
  return ` (Ready=${o.ready}${o.reason ? `, ${o.reason}` : ''})`;
}

/**
 * `flux tree`'s drawing of a depth-first node list: a node is the last of its siblings when no later node at
 * its depth comes before the list climbs above it; each ancestor that was not last continues its `│` line.
 */
export function formatTree(root: FluxObjectView, nodes: readonly FluxTreeNodeView[]): string {
  const lines = [`${objectName(root)}${health(root)}`];
  const open: boolean[] = []; // open[d]: the ancestor at depth d+1 has siblings still to come
  nodes.forEach((node, i) => {
    let last = true;
    for (const next of nodes.slice(i + 1)) {
      if (next.depth < node.depth) break;
      if (next.depth === node.depth) {
        last = false;
        break;
      }
    }
    const indent = open
      .slice(0, node.depth - 1)
      .map((more) => (more ? '│   ' : '    '))
      .join('');
    lines.push(`${indent}${last ? '└── ' : '├── '}${objectName(node)}${health(node.fluxObject)}`);
    open[node.depth - 1] = !last;
  });
  return `${lines.join('\n')}\n`;
}
