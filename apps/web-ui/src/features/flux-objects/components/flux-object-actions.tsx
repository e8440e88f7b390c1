import type { FluxOperation } from '../../../lib/graphql/operation-types.gen';
import { Button } from '../../../components/button';
import { describeError } from '../../../lib/api-error';
import { showToast } from '../../../lib/toast-store';
import { useRunFluxObjectOperation } from '../api/run-flux-object-operation';
import type { FluxObjectRow } from '../api/list-flux-objects';
import styles from './flux-objects.module.css';

const LABEL: Record<FluxOperation, string> = { RECONCILE: 'Reconcile', SUSPEND: 'Suspend', RESUME: 'Resume' };
const DONE: Record<FluxOperation, string> = {
  RECONCILE: 'Reconcile requested for',
  SUSPEND: 'Suspend requested for',
  RESUME: 'Resume requested for',
};

/** The operations the hub's kind registry allows for this object; suspend or resume, whichever applies. */
export function FluxObjectActions({ o }: { o: FluxObjectRow }) {
  const run = useRunFluxObjectOperation();
  const shown = o.operations.filter((op) =>
    op === 'SUSPEND' ? !o.suspended : op === 'RESUME' ? o.suspended : true,
  );
  if (shown.length === 0) return null;
  const subject = `${o.kind} ${o.namespace}/${o.name} on ${o.clusterName}`;
  return (
    <div className={styles.actions}>
      {shown.map((operation) => (
        <Button
          key={operation}
          size="sm"
          variant="ghost"
          disabled={run.isPending}
          aria-label={`${LABEL[operation]} ${subject}`}
          onClick={() =>
            run.mutate(
              {
                ref: { clusterId: o.clusterId, kind: o.kind, namespace: o.namespace, name: o.name },
                operation,
              },
              {
                onSuccess: () => showToast(`${DONE[operation]} ${subject}.`),
                onError: (error) => showToast(describeError(error), 'error'),
              },
            )
          }
        >
          {LABEL[operation]}
        </Button>
      ))}
    </div>
  );
}
