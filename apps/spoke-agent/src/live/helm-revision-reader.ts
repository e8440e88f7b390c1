import { MAX_DIFF_CHARS, type HelmReleaseRevisions, type HelmReleaseRevisionsResult, type HelmRevisionContent } from '@flotilla/protocol';
import { releaseNameOf } from '@flotilla/reconcile-core';
import { stringify } from 'yaml';
import { readReleaseRevision, recordOf } from '../controller/kinds/helm-release/release-records.js';
import { releaseNamespaces } from '../controller/kinds/helm-release/release-storage.js';
import type { FluxObject } from '../controller/kind-reconciler.js';
import type { KubeClient } from '../k8s/kube-client.js';
import { isRecord } from '../k8s/object-ref.js';
import { credentialLeaves, withMasked } from './credential-mask.js';
import { maskManifestPair } from './helm-manifest-mask.js';

export interface HelmRevisionReaderOptions {
  kube: KubeClient;
  /** A HelmRelease as the controller runtime's cache holds it. */
  helmRelease: (namespace: string, name: string) => FluxObject | undefined;
}

type Answer = HelmReleaseRevisionsResult;
type Revision = Omit<HelmRevisionContent, 'values' | 'manifest'> & { config: Record<string, unknown>; manifest: string };

/**
 * Answers the hub's `helmrelease.revisions`: two revisions of the helm release a HelmRelease of this cluster
 * manages, read from helm's own release records (what `helm get values --revision N -o yaml` and `helm get
 * manifest --revision N` print), masked as `credential-mask.ts` and `helm-manifest-mask.ts` say. Only releases
 * of HelmReleases in the cluster are read, under the release name and namespace the reconciler gives them, so a
 * viewer of one HelmRelease cannot read another release through it. Nothing read is logged or kept.
 */
export class HelmRevisionReader {
  constructor(private readonly opts: HelmRevisionReaderOptions) {}

  async read(req: HelmReleaseRevisions): Promise<Answer> {
    const { requestId, owner } = req;
    const hr = this.opts.helmRelease(owner.namespace, owner.name);
    if (!hr) return { requestId, ok: false, code: 'NOT_FOUND', message: `HelmRelease ${owner.namespace}/${owner.name} is not in this cluster` };
    const spec = hr.spec ?? {};
    const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
    // As the reconciler names and stores the release: its records are in the storage namespace.
    const { storage } = releaseNamespaces(owner.namespace, { targetNamespace: str(spec.targetNamespace), storageNamespace: str(spec.storageNamespace) });
    const release = { name: releaseNameOf({ ...owner, releaseName: str(spec.releaseName), targetNamespace: str(spec.targetNamespace) }), namespace: storage };
    const from = await this.revision(requestId, release, req.from);
    if ('ok' in from) return from;
    const to = await this.revision(requestId, release, req.to);
    if ('ok' in to) return to;
    const manifests = maskManifestPair(from.manifest, to.manifest);
    if (!manifests.ok) return { requestId, ok: false, code: 'READ_FAILED', message: `the manifest could not be parsed to mask its Secrets, so it is not sent: ${manifests.message.slice(0, 512)}` };
    const values = (own: Revision, other: Revision, side: 'before' | 'after'): string => stringify(withMasked(own.config, credentialLeaves(own.config, other.config, side)), { sortMapEntries: true });
    const content = (r: Revision, v: string, manifest: string): HelmRevisionContent => {
      const { config: _config, manifest: _manifest, ...meta } = r;
      return { ...meta, values: v, manifest };
    };
    const answer: Answer = { requestId, ok: true, release, from: content(from, values(from, to, 'before'), manifests.before), to: content(to, values(to, from, 'after'), manifests.after) };
    const chars = answer.from.values.length + answer.from.manifest.length + answer.to.values.length + answer.to.manifest.length;
    if (chars > MAX_DIFF_CHARS) return { requestId, ok: false, code: 'TOO_LARGE', message: `the two revisions are larger than ${MAX_DIFF_CHARS} characters` };
    return answer;
  }

  private async revision(requestId: string, release: { name: string; namespace: string }, version: number): Promise<Revision | Answer> {
    const got = await readReleaseRevision(this.opts.kube, release.namespace, release.name, version);
    if (!got.ok && got.status === 404) {
      return { requestId, ok: false, code: 'REVISION_NOT_FOUND', message: `release ${release.name} in namespace ${release.namespace} has no revision ${version} (helm keeps the last maxHistory revisions)` };
    }
    if (!got.ok) return { requestId, ok: false, code: 'READ_FAILED', message: `cannot read revision ${version} of release ${release.name}: ${got.message.slice(0, 512)}` };
    const r = recordOf('', got.release, '');
    const config = isRecord(got.release.config) ? got.release.config : {};
    return {
      revision: r.version,
      status: r.status || 'unknown',
      chartName: r.chartName || 'unknown',
      chartVersion: r.chartVersion || 'unknown',
      ...(r.appVersion ? { appVersion: r.appVersion } : {}),
      config,
      manifest: r.manifest,
    };
  }
}
