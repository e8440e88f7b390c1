import { useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { SkeletonRows } from '../../../components/layout';
import { ReadyBadge, WorkloadHealthBadge } from '../../../components/status-badges';
import { useFluxObjectTree, type FluxTree } from '../api/get-flux-object-tree';
import type { FluxObjectRef, ManagedObjectRef } from '../api/flux-object-keys';
import { LiveObjectView } from './live-object-view';
import styles from './flux-objects.module.css';

type TreeNode = FluxTree['nodes'][number];

/**
 * The Kustomization or HelmRelease whose inventory holds each node: the root for the first level, else the
 * nearest one a level up (the tree lists depth first). The agent reads an object live only through the owner
 * whose inventory lists it.
 */
export function ownersOf(root: FluxObjectRef, nodes: readonly TreeNode[]): (FluxObjectRef | null)[] {
  const path: (FluxObjectRef | null)[] = [OWNER_KINDS.has(root.kind) ? root : null];
  return nodes.map((n) => {
    const owner = path[n.depth - 1] ?? null;
    path.length = n.depth;
    path[n.depth] =
      OWNER_KINDS.has(n.kind) && n.fluxObject && n.namespace
        ? {
            clusterId: root.clusterId,
            kind: n.kind as FluxObjectRef['kind'],
            namespace: n.namespace,
            name: n.name,
          }
        : null;
    return owner;
  });
}

const OWNER_KINDS: ReadonlySet<string> = new Set(['Kustomization', 'HelmRelease']);

/**
 * `flux tree ks <name>`: the inventory, with each Flux object's own inventory below it; under a HelmRelease
 * (or as the root) the objects of its current release, as the agent read them from helm's storage.
 */
export function FluxObjectTreeDialog({
  target,
  clusterName,
  onClose,
}: {
  target: FluxObjectRef | null;
  clusterName: string;
  onClose: () => void;
}) {
  const tree = useFluxObjectTree(target);
  const [selected, setSelected] = useState<{ owner: FluxObjectRef; object: ManagedObjectRef } | null>(null);
  const close = () => {
    setSelected(null);
    onClose();
  };
  const owners = target && tree.data ? ownersOf(target, tree.data.nodes) : [];
  const helmRelease = target?.kind === 'HelmRelease';
  return (
    <Dialog
      open={target !== null}
      onClose={close}
      wide
      title={target ? `${target.kind}/${target.namespace}/${target.name}` : ''}
      description={
        helmRelease
          ? `What its current release installed on ${clusterName}, as flux tree prints it. Compare shows an object live, against what helm rendered in the release.`
          : `What it applied on ${clusterName}, as flux tree prints it. Compare shows an object live, against what the last build applies (or, under a HelmRelease, what its release rendered).`
      }
    >
      {tree.isPending ? (
        <SkeletonRows />
      ) : tree.isError ? (
        <ErrorAlert error={tree.error} title="Could not load the tree" />
      ) : tree.data.nodes.length === 0 ? (
        <p>{helmRelease ? 'Its current release lists no objects.' : 'Its inventory is empty.'}</p>
      ) : (
        <>
          <ul className={styles.tree} aria-label="Objects it applied">
            {tree.data.nodes.map((n, i) => {
              const owner = owners[i];
              const label = `${n.kind}/${n.namespace ? `${n.namespace}/` : ''}${n.name}`;
              return (
                <li key={i} data-tree-node={`${n.kind}/${n.namespace ?? ''}/${n.name}`} data-depth={n.depth}>
                  <span className={styles.branch} aria-hidden="true">
                    {'   '.repeat(n.depth - 1)}└─
                  </span>
                  <span>{label}</span>
                  {n.fluxObject && (
                    <ReadyBadge
                      ready={n.fluxObject.ready}
                      reason={n.fluxObject.reason}
                      message={n.fluxObject.message}
                    />
                  )}
                  {n.health && <WorkloadHealthBadge status={n.health.status} message={n.health.message} />}
                  {owner && (
                    <Button
                      size="sm"
                      aria-label={`Compare ${label} with the live object`}
                      aria-pressed={
                        selected?.object.name === n.name &&
                        selected.object.kind === n.kind &&
                        selected.object.namespace === n.namespace &&
                        selected.object.group === n.group
                      }
                      onClick={() =>
                        setSelected({
                          owner,
                          object: {
                            group: n.group,
                            kind: n.kind,
                            namespace: n.namespace ?? null,
                            name: n.name,
                          },
                        })
                      }
                    >
                      Compare
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
          {tree.data.truncated && <p>Only the first {tree.data.nodes.length} objects are shown.</p>}
          {selected && <LiveObjectView owner={selected.owner} target={selected.object} />}
        </>
      )}
    </Dialog>
  );
}
