import { ReconcileToolbar } from '../../../components/reconcile-toolbar';
import { useReconcileGitRepository } from '../api/reconcile-git-repository';
import { useResumeGitRepository } from '../api/resume-git-repository';
import { useSuspendGitRepository } from '../api/suspend-git-repository';

/** Reconcile now / Suspend / Resume, like `flux reconcile|suspend|resume source git`. */
export function GitRepositoryActions({ source }: { source: { id: string; name: string; suspend: boolean } }) {
  return (
    <ReconcileToolbar
      id={source.id}
      name={source.name}
      suspended={source.suspend}
      reconcile={useReconcileGitRepository()}
      reconcileVariables={source.id}
      reconcileLabel="Reconcile now"
      reconcileTitle="Fetch the repository now"
      reconcileToast={`Fetching ${source.name} now.`}
      suspend={useSuspendGitRepository()}
      resume={useResumeGitRepository()}
    />
  );
}
