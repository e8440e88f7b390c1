import { ReadyBadge, SuspendedBadge } from '../../../components/status-badges';
import { readyCondition } from '../api/source-types';

/** A source's Ready condition (reason and message as the tooltip) and, when suspended, that. */
export function SourceStatusBadges({
  source,
}: {
  source: {
    ready: string;
    suspend: boolean;
    conditions: readonly { type: string; reason: string; message: string }[];
  };
}) {
  const ready = readyCondition(source.conditions);
  return (
    <>
      <ReadyBadge ready={source.ready} reason={ready?.reason} message={ready?.message} />{' '}
      {source.suspend && <SuspendedBadge />}
    </>
  );
}
