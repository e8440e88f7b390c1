import { ReconcileToolbar } from '../../../components/reconcile-toolbar';
import { useReconcileGitRepository } from '../api/reconcile-git-repository';
import { useCan } from '../../../lib/auth/use-can';
import { useSetSuspended } from '../../flux-objects/api/set-suspended';
import { sourceKeys } from '../api/source-keys';

const invalidate = (id: string) => [sourceKeys.lists(), sourceKeys.detail(id)];

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
      suspend={useSetSuspended('GitRepository', true, invalidate)}
      canSuspend={useCan('fleet:suspend')}
      resume={useSetSuspended('GitRepository', false, invalidate)}
    />
  );
}
