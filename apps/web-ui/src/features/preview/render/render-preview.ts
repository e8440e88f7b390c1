import { openArtifactInBrowser } from '@flotilla/git-source/browser';
import { inventoryId, objectRef, refSubject, type KubeObject } from '@flotilla/reconcile-core';
import { emitYaml, type JsonValue } from '@flotilla/reconcile-core/yaml';
import { fluxObjectsYaml, renderAssigned, type KustomizationSpec } from '@flotilla/spoke-agent/render';
import type { AssignedKustomization } from '@flotilla/protocol';
import { ApiError } from '../../../lib/api-error';
import { getBytes, getJson, postForBytes } from '../../../lib/http';
import type { PreviewObject, PreviewRequest, PreviewResult } from './preview-types';

// Loaded only by the preview (dynamic import): the kustomize build, SOPS and the artifact reader stay out of
// the main bundle.

/** `GET /api/clusters/:cluster/kustomizations/:namespace/:name`, as the hub answers it. */
interface AssignedAnswer {
  cluster: { id: string; name: string };
  kustomization: AssignedKustomization;
  source: { kind: string; namespace: string; name: string; revision: string; digest: string } | null;
}

const enc = encodeURIComponent;
const yamlOf = (o: KubeObject): string => emitYaml(o as JsonValue);

function idOf(o: KubeObject): string {
  const ref = objectRef(o);
  return ref.ok
    ? inventoryId(ref.value)
    : `?_${String((o.metadata as { name?: unknown } | undefined)?.name ?? '')}`;
}

function subjectOf(o: KubeObject): string {
  const ref = objectRef(o);
  return ref.ok ? refSubject(ref.value) : String(o.kind ?? 'object');
}

/** Flux: sourceRef.namespace defaults to the Kustomization's namespace. */
function sourceKey(ref: unknown, namespace: string): string {
  const r = (ref ?? {}) as { kind?: unknown; name?: unknown; namespace?: unknown };
  return `${String(r.kind)}/${typeof r.namespace === 'string' && r.namespace ? r.namespace : namespace}/${String(r.name)}`;
}

/** The artifact of another revision, as `POST …/artifact-at` answers it: the bytes, Flux's revision, the digest. */
async function fetchPicked(url: string, ref: NonNullable<PreviewRequest['ref']>) {
  const { bytes, headers } = await postForBytes(url, { ref });
  const revision = headers.get('x-flotilla-revision');
  const digest = headers.get('x-flotilla-digest');
  if (!revision || !digest)
    throw new ApiError('ARTIFACT_UNREADABLE', 'The hub answered the revision without naming it.');
  return { revision, digest, bytes };
}

/**
 * Renders a hub Kustomization for one cluster in the browser, from the inputs the cluster's agent gets (spec,
 * cluster variables, the source's artifact, all read from the hub), through the agent's own pipeline; no call
 * reaches the cluster. The diff is against what the cluster reported: its inventory says which objects it
 * runs, and when it last applied this very revision and has observed the saved spec's generation, the saved
 * spec rendered at that revision is what it applied, so each object's content is compared with that. With a
 * picked ref, the hub fetches that revision and it is built instead; the comparison stays with what the
 * cluster runs (the saved spec at the cluster's revision).
 */
export async function renderPreview(req: PreviewRequest): Promise<PreviewResult> {
  const at = `/api/clusters/${enc(req.cluster)}/kustomizations/${enc(req.namespace)}/${enc(req.name)}`;
  const assigned = await getJson<AssignedAnswer>(at);
  const source = assigned.source;
  if (!source)
    throw new ApiError(
      'SOURCE_NOT_FOUND',
      `The source of Kustomization ${req.namespace}/${req.name} has no artifact yet; try again once it is fetched.`,
    );
  const saved = assigned.kustomization.spec as unknown as KustomizationSpec & { sourceRef?: unknown };
  const edited = req.spec as (KustomizationSpec & { sourceRef?: unknown }) | undefined;
  if (edited && sourceKey(edited.sourceRef, req.namespace) !== sourceKey(saved.sourceRef, req.namespace)) {
    throw new ApiError(
      'BAD_USER_INPUT',
      'The form names another source than the saved Kustomization; save it first to preview that source.',
    );
  }
  const open = async (artifact: { revision: string; digest: string; bytes: Uint8Array<ArrayBuffer> }) => {
    const opened = await openArtifactInBrowser(artifact);
    if (!opened.ok)
      throw new ApiError(
        'ARTIFACT_UNREADABLE',
        `The artifact of ${source.kind}/${source.namespace}/${source.name} at ${artifact.revision}: ${opened.message}`,
      );
    return opened.files;
  };
  const clusterFiles = async () =>
    open({ revision: source.revision, digest: source.digest, bytes: await getBytes(`${at}/artifact`) });
  // A picked ref: the hub fetches that revision of the source for this preview (nothing is stored).
  const picked = req.ref ? await fetchPicked(`${at}/artifact-at`, req.ref) : undefined;
  const revision = picked?.revision ?? source.revision;
  const files = picked ? await open(picked) : await clusterFiles();
  const owner = { namespace: req.namespace, name: req.name };
  const keys = req.ageKey?.trim() ? [req.ageKey.trim()] : [];
  const wanted = { ...(edited ?? saved), ...(req.path ? { path: req.path } : {}) };
  const rendered = await renderAssigned(files, wanted, owner, assigned.kustomization.variables, keys);
  if (!rendered.ok) throw new ApiError('BUILD_FAILED', `build failed: ${rendered.message}`);

  const appliedHere = req.lastAppliedRevision === source.revision && req.observedSavedSpec;
  let baseline: Map<string, string> | undefined;
  if (appliedHere) {
    // What the cluster runs: the saved spec at the cluster's revision, whichever revision was built.
    const base = picked ? await clusterFiles() : files;
    const before = await renderAssigned(base, saved, owner, assigned.kustomization.variables, keys);
    if (before.ok) baseline = new Map(before.objects.map((o) => [idOf(o), yamlOf(o)]));
  }
  const running = new Set(req.inventory);
  const objects: PreviewObject[] = rendered.objects.map((o) => {
    const id = idOf(o);
    const yaml = yamlOf(o);
    const before = baseline?.get(id) ?? null;
    const change = !running.has(id)
      ? 'added'
      : before === null
        ? 'unknown'
        : before === yaml
          ? 'unchanged'
          : 'changed';
    return { id, subject: subjectOf(o), yaml, before, change };
  });
  const built = new Set(objects.map((o) => o.id));
  return {
    revision,
    picked: picked !== undefined,
    source: `${source.kind}/${source.namespace}/${source.name}`,
    objects,
    removed: req.inventory.filter((id) => !built.has(id)),
    output: fluxObjectsYaml(rendered.objects),
    warnings: rendered.warnings,
    decrypted: keys.length > 0 && wanted.decryption?.provider === 'sops',
    baselineNote: appliedHere
      ? null
      : req.lastAppliedRevision === source.revision
        ? 'The cluster has not yet applied the saved spec: objects are compared by name with its inventory, not by content.'
        : req.lastAppliedRevision
          ? `The cluster last applied ${req.lastAppliedRevision}, not ${source.revision}: objects are compared by name with its inventory, not by content.`
          : 'The cluster has not applied this Kustomization yet: every object is new to it.',
  };
}
