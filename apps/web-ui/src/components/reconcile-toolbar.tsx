import { ErrorAlert } from './alert';
import { Button } from './button';
import { showToast } from '../lib/toast-store';
import type { MutationLike } from './mutation-like';

export interface ReconcileToolbarProps<R> {
  name: string;
  id: string;
  suspended: boolean;
  reconcile: MutationLike<R>;
  reconcileVariables: R;
  reconcileLabel: string;
  reconcileTitle: string;
  reconcileToast: string;
  suspend: MutationLike<string>;
  resume: MutationLike<string>;
  /** Whether to offer Suspend/Resume (the hub asks more for them than for a reconcile). */
  canSuspend: boolean;
}

/** Reconcile / Suspend / Resume, as `flux reconcile|suspend|resume` do for any Flux object. */
export function ReconcileToolbar<R>(props: ReconcileToolbarProps<R>) {
  const { name, id, suspended, reconcile, suspend, resume } = props;
  const error = reconcile.error ?? suspend.error ?? resume.error;
  const reset = () => [reconcile, suspend, resume].forEach((m) => m.reset());
  const toggle = suspended ? resume : suspend;
  return (
    <>
      <Button
        variant="primary"
        busy={reconcile.isPending}
        disabled={suspended}
        title={suspended ? 'Resume first' : props.reconcileTitle}
        onClick={() => {
          reset();
          reconcile.mutate(props.reconcileVariables, { onSuccess: () => showToast(props.reconcileToast) });
        }}
      >
        {props.reconcileLabel}
      </Button>
      {props.canSuspend && (
        <Button
          busy={toggle.isPending}
          onClick={() => {
            reset();
            toggle.mutate(id, {
              onSuccess: () => showToast(`${name} ${suspended ? 'resumed' : 'suspended'}.`),
            });
          }}
        >
          {suspended ? 'Resume' : 'Suspend'}
        </Button>
      )}
      {error != null && (
        <div style={{ flexBasis: '100%' }}>
          <ErrorAlert error={error} title="The hub refused the request" />
        </div>
      )}
    </>
  );
}
