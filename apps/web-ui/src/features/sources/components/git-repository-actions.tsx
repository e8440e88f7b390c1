import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { showToast } from '../../../lib/toast-store';
import { useReconcileGitRepository } from '../api/reconcile-git-repository';
import { useResumeGitRepository } from '../api/resume-git-repository';
import { useSuspendGitRepository } from '../api/suspend-git-repository';

/** Reconcile now / Suspend / Resume, like `flux reconcile|suspend|resume source git`. */
export function GitRepositoryActions({ source }: { source: { id: string; name: string; suspend: boolean } }) {
  const reconcile = useReconcileGitRepository();
  const suspend = useSuspendGitRepository();
  const resume = useResumeGitRepository();
  const error = reconcile.error ?? suspend.error ?? resume.error;
  const reset = () => [reconcile, suspend, resume].forEach((m) => m.reset());
  return (
    <>
      <Button
        variant="primary"
        busy={reconcile.isPending}
        disabled={source.suspend}
        title={source.suspend ? 'Resume the source first' : 'Fetch the repository now'}
        onClick={() => {
          reset();
          reconcile.mutate(source.id, { onSuccess: () => showToast(`Fetching ${source.name} now.`) });
        }}
      >
        Reconcile now
      </Button>
      {source.suspend ? (
        <Button
          busy={resume.isPending}
          onClick={() => {
            reset();
            resume.mutate(source.id, { onSuccess: () => showToast(`${source.name} resumed.`) });
          }}
        >
          Resume
        </Button>
      ) : (
        <Button
          busy={suspend.isPending}
          onClick={() => {
            reset();
            suspend.mutate(source.id, { onSuccess: () => showToast(`${source.name} suspended.`) });
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
