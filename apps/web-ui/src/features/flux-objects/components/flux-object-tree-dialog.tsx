import { ErrorAlert } from '../../../components/alert';
import { Dialog } from '../../../components/dialog';
import { SkeletonRows } from '../../../components/layout';
import { ReadyBadge } from '../../../components/status-badges';
import { useFluxObjectTree } from '../api/get-flux-object-tree';
import type { FluxObjectRef } from '../api/flux-object-keys';
import styles from './flux-objects.module.css';

/** `flux tree ks <name>`: the inventory, with each Flux object's own inventory below it. */
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
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      wide
      title={target ? `${target.kind}/${target.namespace}/${target.name}` : ''}
      description={`What it applied on ${clusterName}, as flux tree prints it.`}
    >
      {tree.isPending ? (
        <SkeletonRows />
      ) : tree.isError ? (
        <ErrorAlert error={tree.error} title="Could not load the tree" />
      ) : tree.data.nodes.length === 0 ? (
        <p>Its inventory is empty.</p>
      ) : (
        <>
          <ul className={styles.tree} aria-label="Objects it applied">
            {tree.data.nodes.map((n, i) => (
              <li key={i} data-tree-node={`${n.kind}/${n.namespace ?? ''}/${n.name}`} data-depth={n.depth}>
                <span className={styles.branch} aria-hidden="true">
                  {'   '.repeat(n.depth - 1)}└─
                </span>
                <span>
                  {n.kind}/{n.namespace ? `${n.namespace}/` : ''}
                  {n.name}
                </span>
                {n.fluxObject && (
                  <ReadyBadge
                    ready={n.fluxObject.ready}
                    reason={n.fluxObject.reason}
                    message={n.fluxObject.message}
                  />
                )}
              </li>
            ))}
          </ul>
          {tree.data.truncated && <p>Only the first {tree.data.nodes.length} objects are shown.</p>}
        </>
      )}
    </Dialog>
  );
}
