import { lazy, Suspense } from 'react';
import { Alert, ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CopyBlock } from '../../../components/copy-block';
import { SkeletonRows } from '../../../components/layout';
import { useLiveObject } from '../api/get-live-object';
import type { FluxObjectRef, ManagedObjectRef } from '../api/flux-object-keys';
import styles from './flux-objects.module.css';

// CodeMirror is loaded when a diff is first shown, not with every page.
const DiffViewer = lazy(() =>
  import('../../../components/diff-viewer').then((m) => ({ default: m.DiffViewer })),
);

const subjectOf = (t: ManagedObjectRef): string =>
  `${t.kind}/${t.namespace ? `${t.namespace}/` : ''}${t.name}`;

/**
 * One object a Kustomization applied or a HelmRelease's current release holds, read through the cluster's agent
 * when asked: the desired-vs-live diff (desired: the Kustomization's last build, or what helm rendered in the
 * release) and the live YAML. Secrets' values arrive redacted by the agent.
 */
export function LiveObjectView({ owner, target }: { owner: FluxObjectRef; target: ManagedObjectRef }) {
  const live = useLiveObject(owner, target);
  const subject = subjectOf(target);
  const helmRelease = owner.kind === 'HelmRelease';
  const wants = helmRelease ? 'the current release' : 'the last build';
  return (
    <section className={styles.live} aria-label={`Live ${subject}`}>
      <h3>
        {subject}{' '}
        <span className={styles.count}>
          {helmRelease ? 'desired (current release) and live (in the cluster)' : 'desired (last build) and live (in the cluster)'}
        </span>
      </h3>
      {live.isPending ? (
        <SkeletonRows />
      ) : live.isError ? (
        <>
          <ErrorAlert error={live.error} title={`Could not read ${subject} through the agent`} />
          <div>
            <Button size="sm" onClick={() => void live.refetch()}>
              Try again
            </Button>
          </div>
        </>
      ) : (
        <>
          {live.data.live === null && (
            <Alert tone="warning" title="Gone from the cluster">
              {helmRelease
                ? `${subject} is in the current release but no longer exists in the cluster.`
                : `${subject} is in the inventory but no longer exists in the cluster; the next reconcile applies it again.`}
            </Alert>
          )}
          {live.data.desired === null && (
            <Alert tone="info" title="No desired state to compare">
              {helmRelease
                ? `The agent could not read ${subject} from the release helm stores in the cluster.`
                : `The agent has not built this Kustomization since it started, or its last build no longer holds ${subject}; the next reconcile builds it.`}
            </Alert>
          )}
          {live.data.desiredComparable !== null && live.data.liveComparable !== null && (
            <>
              {live.data.desiredComparable === live.data.liveComparable ? (
                <p>No drift: the live object is what {wants} applies.</p>
              ) : (
                <p>The live object differs from what {wants} applies: changed lines are marked.</p>
              )}
              <div className={styles.diffLegend} aria-hidden="true">
                <span>Desired</span>
                <span>Live</span>
              </div>
              <Suspense fallback={<SkeletonRows rows={4} />}>
                <DiffViewer
                  before={live.data.desiredComparable}
                  after={live.data.liveComparable}
                  layout="split"
                  label={`YAML desired by ${wants} against live`}
                  testId="yaml-diff"
                />
              </Suspense>
            </>
          )}
          {live.data.live !== null && <CopyBlock label="Live YAML" text={live.data.live} tall />}
          <div>
            <Button size="sm" onClick={() => void live.refetch()} busy={live.isFetching}>
              Read again
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
