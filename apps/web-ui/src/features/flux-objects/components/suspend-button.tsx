import type { QueryKey } from '@tanstack/react-query';
import { Button } from '../../../components/button';
import { describeError } from '../../../lib/api-error';
import { useCan } from '../../../lib/auth/use-can';
import type { SuspendKind } from '../../../lib/graphql/operation-types.gen';
import { showToast } from '../../../lib/toast-store';
import { useSetSuspended } from '../api/set-suspended';

/**
 * Suspend or Resume, whichever applies, for one hub object in a list row, as `flux suspend|resume` does. Shown
 * to operators of the whole fleet (what the hub asks), for git-managed objects as for hand-made ones.
 */
export function SuspendButton(props: { kind: SuspendKind; id: string; name: string; suspended: boolean; invalidate: (id: string) => readonly QueryKey[] }) {
  const { kind, id, name, suspended, invalidate } = props;
  const allowed = useCan('fleet:suspend');
  const suspend = useSetSuspended(kind, true, invalidate);
  const resume = useSetSuspended(kind, false, invalidate);
  if (!allowed) return null;
  const toggle = suspended ? resume : suspend;
  const label = suspended ? 'Resume' : 'Suspend';
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        busy={toggle.isPending}
        aria-label={`${label} ${name}`}
        onClick={() =>
          toggle.mutate(id, {
            onSuccess: () => showToast(`${name} ${suspended ? 'resumed' : 'suspended'}.`),
            onError: (error) => showToast(describeError(error), 'error'),
          })
        }
      >
        {label}
      </Button>{' '}
    </>
  );
}
