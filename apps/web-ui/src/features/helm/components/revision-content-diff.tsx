import { lazy, Suspense, useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CopyBlock } from '../../../components/copy-block';
import type { DiffLayout } from '../../../components/diff-viewer';
import { SkeletonRows } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { useHelmRevisionDiff, type HelmRevisionDiffArgs } from '../api/get-helm-revision-diff';

// CodeMirror is loaded when a diff is first shown, not with every page.
const DiffViewer = lazy(() =>
  import('../../../components/diff-viewer').then((m) => ({ default: m.DiffViewer })),
);

/**
 * The values and the rendered manifest of two revisions of a release on one cluster, as helm stores them, read
 * through the cluster's agent when asked: side by side or unified, with the hub's unified diff to copy. Secret
 * data and credential-looking values arrive masked by the agent.
 */
export function RevisionContentDiff({ args, cluster }: { args: HelmRevisionDiffArgs; cluster: string }) {
  const diff = useHelmRevisionDiff(args);
  const [layout, setLayout] = useState<DiffLayout>('split');
  const title = `Values and manifest, revision ${args.fromRevision} → ${args.toRevision} on ${cluster}`;
  if (diff.isPending) return <SkeletonRows rows={4} />;
  if (diff.isError) {
    return (
      <>
        <ErrorAlert
          error={diff.error}
          title={`Could not read the revisions through the agent of ${cluster}`}
        />
        <div>
          <Button size="sm" onClick={() => void diff.refetch()}>
            Try again
          </Button>
        </div>
      </>
    );
  }
  const d = diff.data;
  const parts = [
    { name: 'Values', before: d.from.values, after: d.to.values, unified: d.valuesDiff },
    { name: 'Manifest', before: d.from.manifest, after: d.to.manifest, unified: d.manifestDiff },
  ];
  return (
    <section aria-label={title}>
      <p>
        Release {d.releaseNamespace}/{d.releaseName}: revision {d.from.revision} ({d.from.chartName}@
        {d.from.chartVersion}, {d.from.status}) → revision {d.to.revision} ({d.to.chartName}@
        {d.to.chartVersion}, {d.to.status}). Secret data and values under credential-looking keys are masked
        by the agent; a masked value that differs reads <code>*** (before)</code> / <code>*** (after)</code>.
      </p>
      <SelectField
        label="Diff layout"
        value={layout}
        onChange={(e) => setLayout(e.target.value === 'unified' ? 'unified' : 'split')}
      >
        <option value="split">Side by side</option>
        <option value="unified">Unified</option>
      </SelectField>
      {parts.map((p) => (
        <section key={p.name} aria-label={`${p.name} of revision ${d.from.revision} → ${d.to.revision}`}>
          <h5>{p.name}</h5>
          {p.unified === '' ? (
            <p>
              {p.name === 'Values'
                ? 'The values are the same in both revisions.'
                : 'The manifest is the same in both revisions.'}
            </p>
          ) : (
            <>
              <Suspense fallback={<SkeletonRows rows={4} />}>
                <DiffViewer
                  before={p.before}
                  after={p.after}
                  layout={layout}
                  label={`${p.name} of revision ${d.from.revision} against ${d.to.revision}`}
                  testId={`${p.name.toLowerCase()}-diff`}
                />
              </Suspense>
              <CopyBlock label={`${p.name} as a unified diff`} text={p.unified} />
            </>
          )}
        </section>
      ))}
      <div>
        <Button size="sm" onClick={() => void diff.refetch()} busy={diff.isFetching}>
          Read again
        </Button>
      </div>
    </section>
  );
}
