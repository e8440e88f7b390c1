/** What to preview: a hub Kustomization on one cluster, optionally with another path or an unsaved spec. */
export interface PreviewRequest {
  cluster: string;
  namespace: string;
  name: string;
  /** In place of spec.path, a directory of the same artifact. */
  path?: string;
  /**
   * Another revision of the source, fetched by the hub: for a GitRepository Flux's GitRepositoryRef (one of
   * branch, tag, semver, name, commit), for an OCIRepository its OCIRepositoryRef (tag, semver or digest); the
   * revision the cluster's assignment holds when absent.
   */
  ref?: Partial<Record<'branch' | 'tag' | 'semver' | 'name' | 'commit' | 'digest', string>>;
  /** The form's unsaved Flux spec; the saved one when absent. Its sourceRef must be the saved one. */
  spec?: Record<string, unknown>;
  /** A pasted age identity; it stays in the browser. */
  ageKey?: string;
  /** What the cluster reported: its inventory ids and the revision it last applied. */
  inventory: string[];
  lastAppliedRevision: string | null;
  /** Whether the cluster has observed the saved spec's generation (what it applied was built from it). */
  observedSavedSpec: boolean;
}

/**
 * One built object against the cluster: `added` (not in its inventory), `changed` or `unchanged` (against
 * what it applied at this revision), `unknown` (in its inventory, but it applied another revision).
 */
export interface PreviewObject {
  id: string;
  subject: string;
  yaml: string;
  before: string | null;
  change: 'added' | 'changed' | 'unchanged' | 'unknown';
}

export interface PreviewResult {
  /** The revision built: the cluster's, or the one the picked ref resolved to. */
  revision: string;
  /** Whether that is another revision than the cluster's assignment holds (a picked ref). */
  picked: boolean;
  source: string;
  objects: PreviewObject[];
  /** Inventory ids the build no longer holds: the cluster would prune them (when spec.prune is on). */
  removed: string[];
  /** The objects as `flux build kustomization` prints them. */
  output: string;
  warnings: string[];
  decrypted: boolean;
  baselineNote: string | null;
}
