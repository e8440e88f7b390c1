import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, ErrorAlert } from '../../../components/alert';
import { Badge, type BadgeTone } from '../../../components/badge';
import { Button } from '../../../components/button';
import { SkeletonRows } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { TextareaField } from '../../../components/textarea-field';
import { gitRefValueError, REF_KINDS } from '../../sources/components/git-repository-form-model';
import { OCI_REF_KINDS, ociRefValueError } from '../../sources/components/oci-repository-form-model';
import { RefFields } from '../../sources/components/ref-fields';
import type { PreviewObject, PreviewRequest, PreviewResult } from '../render/preview-types';
import styles from './kustomization-preview.module.css';

// CodeMirror is loaded when a changed object is first opened, not with every page.
const DiffViewer = lazy(() =>
  import('../../../components/diff-viewer').then((m) => ({ default: m.DiffViewer })),
);

/** What the cluster reported for this Kustomization: its name, inventory ids and the revision it applied. */
export interface PreviewCluster {
  name: string;
  inventory: string[];
  lastAppliedRevision: string | null;
  /** The cluster has observed the saved spec (its reported generation is the Kustomization's). */
  observedSavedSpec: boolean;
}

export type RenderPreview = (req: PreviewRequest) => Promise<PreviewResult>;

interface RevisionPicker {
  kinds: readonly { kind: string; label: string; placeholder: string }[];
  hint: string;
  problem: (kind: string, value: string) => string | null;
}

/** The source kinds whose other revisions the hub fetches for a preview, with their refs' kinds and checks. */
const PICKERS: Record<string, RevisionPicker> = {
  GitRepository: {
    kinds: REF_KINDS,
    hint: 'Another branch, tag, SemVer range or commit of the GitRepository, fetched by the hub for this preview',
    problem: (kind, value) => {
      const k = REF_KINDS.find((r) => r.kind === kind)?.kind;
      return k ? gitRefValueError(k, value) : 'Pick a reference type.';
    },
  },
  OCIRepository: {
    kinds: OCI_REF_KINDS,
    hint: 'Another tag, SemVer range or digest of the OCIRepository, pulled by the hub for this preview',
    problem: (kind, value) => {
      const k = OCI_REF_KINDS.find((r) => r.kind === kind)?.kind;
      if (!k) return 'Pick a reference type.';
      return value.trim() === '' ? 'Enter the reference to pull.' : ociRefValueError(k, value);
    },
  },
};

// The kustomize build, SOPS and the artifact reader load with the first preview, not with the page.
const renderLazily: RenderPreview = async (req) =>
  (await import('../render/render-preview')).renderPreview(req);

const TONE: Record<PreviewObject['change'], BadgeTone> = {
  added: 'success',
  changed: 'warning',
  unchanged: 'neutral',
  unknown: 'neutral',
};
const LABEL: Record<PreviewObject['change'], string> = {
  added: 'new',
  changed: 'changed',
  unchanged: 'unchanged',
  unknown: 'not compared',
};

function ObjectRow({ o }: { o: PreviewObject }) {
  const [open, setOpen] = useState(o.change === 'changed');
  return (
    <li>
      <details
        className={styles.object}
        open={open}
        onToggle={(e) => setOpen(e.currentTarget.open)}
        data-testid="preview-object"
        data-change={o.change}
      >
        <summary>
          <code>{o.subject}</code> <Badge tone={TONE[o.change]}>{LABEL[o.change]}</Badge>
        </summary>
        {open &&
          (o.change === 'changed' && o.before !== null ? (
            <Suspense fallback={<SkeletonRows rows={4} />}>
              <DiffViewer
                before={o.before}
                after={o.yaml}
                layout="split"
                label={`${o.subject}: what the cluster runs against the preview`}
                testId="preview-diff"
              />
            </Suspense>
          ) : (
            <pre className={styles.yaml} tabIndex={0} aria-label={`${o.subject} as built`}>
              {o.yaml}
            </pre>
          ))}
      </details>
    </li>
  );
}

function Result({ r, at }: { r: PreviewResult; at: number }) {
  const count = (c: PreviewObject['change']) => r.objects.filter((o) => o.change === c).length;
  return (
    <section aria-label="Preview result" data-testid="preview-result" data-rendered-at={at}>
      <p className={styles.summary}>
        <span>
          {r.objects.length} objects built from <code>{r.source}</code> at{' '}
          <code data-testid="preview-revision">{r.revision}</code>
          {r.picked
            ? ' (the picked revision, compared with what the cluster runs)'
            : ' (the cluster’s revision)'}
          :
        </span>
        <span>{count('added')} new</span>
        <span>{count('changed')} changed</span>
        <span>{count('unchanged')} unchanged</span>
        <span>{r.removed.length} no longer built</span>
      </p>
      {r.decrypted ? (
        <Alert tone="info" title="SOPS decrypted in this browser">
          The pasted age key decrypted the SOPS data here; neither the key nor the plaintext was sent to the
          hub.
        </Alert>
      ) : (
        <p>
          SOPS-encrypted values are masked as <code>flux build kustomization</code> masks them; paste an age
          key to see them.
        </p>
      )}
      {r.baselineNote && (
        <Alert tone="info" title="Compared by name only">
          {r.baselineNote}
        </Alert>
      )}
      {r.warnings.map((w) => (
        <Alert key={w} tone="warning" title="Not substituted">
          {w}
        </Alert>
      ))}
      <ul className={styles.objects}>
        {r.objects.map((o) => (
          <ObjectRow key={o.id} o={o} />
        ))}
      </ul>
      {r.removed.length > 0 && (
        <>
          <h3>No longer built (pruned when spec.prune is on)</h3>
          <ul data-testid="preview-removed">
            {r.removed.map((id) => (
              <li key={id}>
                <code>{id}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <details>
        <summary>All objects as flux build kustomization prints them</summary>
        <pre
          className={styles.yaml}
          tabIndex={0}
          aria-label="Built objects as YAML"
          data-testid="preview-output"
        >
          {r.output}
        </pre>
      </details>
    </section>
  );
}

/**
 * Preview in the browser: a hub Kustomization (or the form's unsaved spec) built for one cluster by the agent's
 * own pipeline running here, and compared with what the cluster reported. Nothing is asked of the cluster; a
 * pasted age key stays in this component's state and is never sent anywhere.
 */
export function KustomizationPreview({
  namespace,
  name,
  clusters,
  spec,
  sourceKind,
  render = renderLazily,
}: {
  namespace: string;
  name: string;
  clusters: PreviewCluster[];
  spec?: Record<string, unknown>;
  /** The kind of the saved sourceRef: for a GitRepository or an OCIRepository, another revision can be picked (the hub fetches it). */
  sourceKind?: string;
  render?: RenderPreview;
}) {
  const [cluster, setCluster] = useState(clusters[0]?.name ?? '');
  const [path, setPath] = useState('');
  const [ageKey, setAgeKey] = useState('');
  const picker = sourceKind === undefined ? undefined : PICKERS[sourceKind];
  const [ref, setRef] = useState<{ kind: string | null; value: string }>({ kind: null, value: '' });
  const [refError, setRefError] = useState<string | null>(null);
  const preview = useMutation({
    mutationFn: () => {
      const c = clusters.find((x) => x.name === cluster);
      return render({
        cluster,
        namespace,
        name,
        path: path.trim() || undefined,
        ...(picker && ref.kind ? { ref: { [ref.kind]: ref.value.trim() } } : {}),
        spec,
        ageKey: ageKey.trim() || undefined,
        inventory: c?.inventory ?? [],
        lastAppliedRevision: c?.lastAppliedRevision ?? null,
        observedSavedSpec: c?.observedSavedSpec ?? false,
      });
    },
  });
  if (clusters.length === 0) {
    return (
      <Alert tone="info" title="No cluster to preview on">
        This Kustomization is not placed on any cluster yet.
      </Alert>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = picker && ref.kind ? picker.problem(ref.kind, ref.value) : null;
    setRefError(problem);
    if (!problem) preview.mutate();
  };
  return (
    <div>
      <form className={styles.form} onSubmit={submit} aria-label="Preview options">
        <SelectField label="Cluster" value={cluster} onChange={(e) => setCluster(e.target.value)}>
          {clusters.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </SelectField>
        {picker && (
          <RefFields
            kinds={picker.kinds}
            label="Source revision"
            none="The cluster’s revision"
            hint={picker.hint}
            kind={ref.kind}
            value={ref.value}
            onChange={(r) => {
              setRef(r);
              setRefError(null);
            }}
            error={refError}
          />
        )}
        <TextField
          label="Path (optional)"
          hint="Another directory of the same artifact, in place of spec.path"
          mono
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="./apps"
        />
        <TextareaField
          label="Age key (optional)"
          hint="Decrypts SOPS data in this browser only; it is never sent to the hub"
          value={ageKey}
          onChange={(e) => setAgeKey(e.target.value)}
          rows={2}
          autoComplete="off"
          placeholder="AGE-SECRET-KEY-1…"
        />
        <div>
          <Button type="submit" variant="primary" busy={preview.isPending}>
            Render preview
          </Button>
        </div>
      </form>
      {preview.isError && <ErrorAlert error={preview.error} title="Could not render the preview" />}
      {preview.isPending && <SkeletonRows rows={4} />}
      {preview.data && !preview.isPending && <Result r={preview.data} at={preview.submittedAt} />}
    </div>
  );
}
