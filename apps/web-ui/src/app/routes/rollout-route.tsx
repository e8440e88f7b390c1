import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Button } from '../../components/button';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { TextField } from '../../components/text-field';
import {
  useRolloutClusters,
  useRolloutSpread,
  useRolloutSummary,
  type RolloutTarget,
} from '../../features/fleet/api/rollout';
import { RolloutMatrix } from '../../features/fleet/components/rollout-matrix';
import { RolloutRevisions } from '../../features/fleet/components/rollout-summary';
import styles from '../../features/fleet/components/rollout.module.css';
import type { FluxKind } from '../../lib/graphql/operation-types.gen';
import { labelKeyError } from '../../lib/kubernetes/label-validation';
import { useDocumentTitle } from '../../lib/use-document-title';

// The chart library is loaded apart from the page's code, so the counts and the matrix do not wait for it.
const RolloutSpreadChart = lazy(() =>
  import('../../features/fleet/components/rollout-spread-chart').then((m) => ({
    default: m.RolloutSpreadChart,
  })),
);

const KINDS: readonly FluxKind[] = ['Kustomization', 'HelmRelease', 'GitRepository', 'HelmRepository'];

/** The target and grouping from the URL (`?kind=&namespace=&name=&group=`), so a view can be shared. */
function useRolloutParams(): {
  target: RolloutTarget | null;
  groupBy: string;
  setGroupBy: (g: string) => void;
} {
  const [params, setParams] = useSearchParams();
  const kind = KINDS.find((k) => k === params.get('kind'));
  const namespace = params.get('namespace') ?? '';
  const name = params.get('name') ?? '';
  const groupBy = params.get('group') ?? '';
  return {
    target: kind && namespace && name ? { kind, namespace, name } : null,
    groupBy: labelKeyError(groupBy) === null ? groupBy : '',
    setGroupBy: (g) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (g) next.set('group', g);
          else next.delete('group');
          return next;
        },
        { replace: true },
      ),
  };
}

function GroupByForm({ value, onApply }: { value: string; onApply: (key: string) => void }) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const key = text.trim();
    const problem = key === '' ? null : labelKeyError(key);
    setError(problem);
    if (!problem) onApply(key);
  };
  return (
    <form className={styles.controls} onSubmit={submit}>
      <TextField
        label="Group clusters by label"
        placeholder="env"
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={error}
        mono
      />
      <Button type="submit">Group</Button>
    </form>
  );
}

function RolloutView({
  target,
  groupBy,
  setGroupBy,
}: {
  target: RolloutTarget;
  groupBy: string;
  setGroupBy: (g: string) => void;
}) {
  const summary = useRolloutSummary(target, groupBy);
  const matrix = useRolloutClusters(target, groupBy);
  const spread = useRolloutSpread(target);
  const rows = matrix.data?.pages.flatMap((p) => p.rows) ?? [];
  const total = matrix.data?.pages[0]?.totalCount ?? 0;
  return (
    <>
      <Card title="Revisions">
        {summary.isPending ? (
          <SkeletonRows rows={2} />
        ) : summary.isError ? (
          <ErrorAlert error={summary.error} title="Could not load the revisions" />
        ) : (
          <RolloutRevisions summary={summary.data} groupBy={groupBy} />
        )}
      </Card>
      <Card title="Spread over time">
        {spread.isPending ? (
          <SkeletonRows rows={2} />
        ) : spread.isError ? (
          <ErrorAlert error={spread.error} title="Could not load the revision history" />
        ) : spread.data.length === 0 ? (
          <p>No cluster has reported a revision yet.</p>
        ) : (
          <Suspense fallback={<SkeletonRows rows={2} />}>
            <RolloutSpreadChart spread={spread.data} />
          </Suspense>
        )}
        {summary.data && summary.data.pending > 0 && (
          <p>
            {summary.data.pending} {summary.data.pending === 1 ? 'cluster' : 'clusters'} the objects are
            placed on {summary.data.pending === 1 ? 'has' : 'have'} not reported them yet (Pending).
          </p>
        )}
      </Card>
      <GroupByForm key={groupBy} value={groupBy} onApply={setGroupBy} />
      <Card
        bodyless
        title="Clusters"
        footer={
          rows.length > 0 ? (
            <span>
              {rows.length} of {total} loaded
            </span>
          ) : undefined
        }
      >
        {matrix.isPending || summary.isPending ? (
          <SkeletonRows />
        ) : matrix.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={matrix.error} title="Could not load the clusters" />
          </div>
        ) : summary.isError ? null : rows.length === 0 ? (
          <EmptyState icon="∅" title="No cluster runs this yet" />
        ) : (
          <RolloutMatrix
            summary={summary.data}
            rows={rows}
            totalCount={total}
            groupBy={groupBy}
            hasNextPage={matrix.hasNextPage}
            fetchNextPage={() => void matrix.fetchNextPage()}
            fetchingNextPage={matrix.isFetchingNextPage}
          />
        )}
      </Card>
    </>
  );
}

/** Which clusters run which revision of an object or of the objects reading a hub source, live. */
export function RolloutRoute() {
  const { target, groupBy, setGroupBy } = useRolloutParams();
  const title = target ? `Rollout of ${target.kind} ${target.namespace}/${target.name}` : 'Rollout';
  useDocumentTitle(title);
  return (
    <Page label="Rollout">
      <PageHeader
        title={title}
        subtitle={
          target?.kind === 'GitRepository' || target?.kind === 'HelmRepository'
            ? `The hub's ${target.kind === 'GitRepository' ? 'Kustomizations' : 'HelmReleases'} that read this source, on every cluster`
            : 'Which clusters run which revision'
        }
      />
      {target ? (
        <RolloutView target={target} groupBy={groupBy} setGroupBy={setGroupBy} />
      ) : (
        <EmptyState icon="?" title="Open the rollout from a source, a Kustomization or a HelmRelease" />
      )}
    </Page>
  );
}
