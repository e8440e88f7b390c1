import { useState, type ChangeEvent } from 'react';
import { Alert, ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import tableStyles from '../../../components/table.module.css';
import { TextareaField } from '../../../components/textarea-field';
import { showToast } from '../../../lib/toast-store';
import { useImportFluxYaml, type FluxYamlImport } from '../api/import-flux-yaml';

function placementText(p: FluxYamlImport['objects'][number]['placement']): string {
  // Sources and image objects are the hub's own: a Kustomization that reads them takes them to its clusters.
  if (!p) return 'hub-wide (not placed)';
  const parts = [p.clusterSelector ? `selector ${p.clusterSelector}` : '', p.clusterNames.length > 0 ? `clusters ${p.clusterNames.join(', ')}` : ''];
  return parts.filter(Boolean).join('; ') || 'no cluster';
}

/**
 * Paste or upload Flux YAML → a preview from the hub (a dry run: the objects with their placement, or each
 * problem with its document and line) → create. Any edit of the text discards the preview, so what is created
 * is always what was previewed.
 */
export function ImportFluxYamlDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [yaml, setYaml] = useState('');
  const [preview, setPreview] = useState<FluxYamlImport | null>(null);
  const mutation = useImportFluxYaml();
  const close = () => {
    setYaml('');
    setPreview(null);
    mutation.reset();
    onClose();
  };
  const edit = (text: string) => {
    setYaml(text);
    setPreview(null);
    mutation.reset();
  };
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) edit(await file.text());
  };
  const runPreview = () => mutation.mutate({ yaml, dryRun: true }, { onSuccess: setPreview });
  const runImport = () =>
    mutation.mutate(
      { yaml, dryRun: false },
      {
        onSuccess: (result) => {
          if (!result.applied) {
            setPreview(result);
            return;
          }
          showToast(`Imported ${result.objects.length} object${result.objects.length === 1 ? '' : 's'}.`);
          close();
        },
      },
    );
  const ready = preview !== null && preview.problems.length === 0 && preview.objects.length > 0;
  const noted = ready ? preview.objects.filter((o) => o.notes.length > 0) : [];
  return (
    <Dialog
      open={open}
      onClose={close}
      locked={mutation.isPending}
      wide
      title="Import Flux YAML"
      description="GitRepositories, OCIRepositories, HelmRepositories, ImageRepositories, ImagePolicies, ImageUpdateAutomations, Kustomizations (v1; v1beta2 for the OCI, HelmRepository and image kinds), HelmReleases (v2), Providers and Alerts (notification v1beta3) and Receivers (v1). A Kustomization’s or HelmRelease’s placement comes from its placement.flotilla.dev/cluster-selector and placement.flotilla.dev/clusters annotations; the other kinds are the hub’s own and are not placed. The Secrets a Provider or Receiver names are not read: the hub keeps their credentials and tokens itself."
      footer={
        <>
          <Button onClick={close} disabled={mutation.isPending}>
            Cancel
          </Button>
          {ready ? (
            <Button variant="primary" busy={mutation.isPending} onClick={runImport}>
              Create {preview.objects.length} object{preview.objects.length === 1 ? '' : 's'}
            </Button>
          ) : (
            <Button variant="primary" busy={mutation.isPending} disabled={yaml.trim() === ''} onClick={runPreview}>
              Preview
            </Button>
          )}
        </>
      }
    >
      <TextareaField label="Flux YAML" rows={14} value={yaml} onChange={(e) => edit(e.target.value)} placeholder="apiVersion: source.toolkit.fluxcd.io/v1&#10;kind: GitRepository&#10;…" />
      <label style={{ display: 'block', margin: '8px 0' }}>
        Or upload a file: <input type="file" accept=".yaml,.yml,text/yaml" onChange={(e) => void upload(e)} />
      </label>
      {mutation.error != null && <ErrorAlert error={mutation.error} title="Could not import" />}
      {preview && preview.problems.length > 0 && (
        <Alert tone="danger" title={`${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'}: nothing will be created`}>
          <ul aria-label="Problems" style={{ margin: 0, paddingLeft: 18 }}>
            {preview.problems.map((p, i) => (
              <li key={i}>
                Line {p.line} (document {p.document}
                {p.kind ? `, ${p.kind}` : ''}
                {p.name ? ` ${p.name}` : ''}): {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {preview && preview.problems.length === 0 && preview.objects.length === 0 && <Alert tone="info" title="The text holds no objects." />}
      {ready && (
        <div className={tableStyles.wrap}>
          <table className={tableStyles.table} aria-label="Objects to import">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Namespace</th>
                <th>Name</th>
                <th>Action</th>
                <th>Placement</th>
              </tr>
            </thead>
            <tbody>
              {preview.objects.map((o) => (
                <tr key={`${o.kind}/${o.namespace}/${o.name}`}>
                  <td>{o.kind}</td>
                  <td>{o.namespace}</td>
                  <td className={tableStyles.name}>{o.name}</td>
                  <td>{o.action === 'create' ? 'Create' : 'Update'}</td>
                  <td>{placementText(o.placement)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {noted.length > 0 && (
        <Alert tone="warning" title="Where the hub differs from Flux">
          <ul aria-label="Notes" style={{ margin: 0, paddingLeft: 18 }}>
            {noted.flatMap((o) =>
              o.notes.map((note, i) => (
                <li key={`${o.kind}/${o.namespace}/${o.name}/${i}`}>
                  {o.kind} {o.namespace}/{o.name}: {note}
                </li>
              )),
            )}
          </ul>
        </Alert>
      )}
    </Dialog>
  );
}
