import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { showToast } from '../../../lib/toast-store';
import { useReconcileKustomization } from '../api/reconcile-kustomization';
import { useResumeKustomization } from '../api/resume-kustomization';
import { useSuspendKustomization } from '../api/suspend-kustomization';

/** Fleet-wide `flux reconcile kustomization --with-source`, suspend and resume. */
export function KustomizationActions({ k }: { k: { id: string; name: string; suspend: boolean } }) {
  const reconcile = useReconcileKustomization();
  const suspend = useSuspendKustomization();
  const resume = useResumeKustomization();
  const error = reconcile.error ?? suspend.error ?? resume.error;
  const reset = () => [reconcile, suspend, resume].forEach((m) => m.reset());
  return (
    <>
      <Button
        variant="primary"
        busy={reconcile.isPending}
        disabled={k.suspend}
        title={k.suspend ? 'Resume first' : 'Fetch the source now, then reconcile on every targeted cluster'}
        onClick={() => {
          reset();
          reconcile.mutate(
            { id: k.id, withSource: true },
            { onSuccess: () => showToast(`Reconciling ${k.name} with its source on every cluster.`) },
          );
        }}
      >
        Reconcile with source
      </Button>
      {k.suspend ? (
        <Button
          busy={resume.isPending}
          onClick={() => {
            reset();
            resume.mutate(k.id, { onSuccess: () => showToast(`${k.name} resumed.`) });
          }}
        >
          Resume
        </Button>
      ) : (
        <Button
          busy={suspend.isPending}
          onClick={() => {
            reset();
            suspend.mutate(k.id, { onSuccess: () => showToast(`${k.name} suspended.`) });
          }}
        >
          Suspend
        </Button>
      )}
      {error && (
        <div style={{ flexBasis: '100%' }}>
          <ErrorAlert error={error} title="The hub refused the request" />
        </div>
      )}
    </>
  );
}
