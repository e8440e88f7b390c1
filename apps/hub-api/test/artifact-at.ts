import { openArtifact } from '@flotilla/git-source';
import type { Session } from './hub-harness.js';

/** What `POST /api/clusters/:cluster/kustomizations/:namespace/:name/artifact-at` answered. */
export interface ArtifactAtAnswer {
  status: number;
  revision: string | null;
  digest: string | null;
  bytes: Buffer;
}

/** Asks the hub at `url` for the Kustomization `ks` (`namespace/name`) on cluster dev-1 at `ref` (no body field when undefined). */
export async function artifactAt(url: string, ks: string, ref: unknown, auth: Session): Promise<ArtifactAtAnswer> {
  const res = await fetch(`${url}/api/clusters/dev-1/kustomizations/${ks}/artifact-at`, {
    method: 'POST',
    headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': 'application/json' },
    body: JSON.stringify(ref === undefined ? {} : { ref }),
  });
  return { status: res.status, revision: res.headers.get('x-flotilla-revision'), digest: res.headers.get('x-flotilla-digest'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The error of a refused answer. */
export const errorOf = (a: ArtifactAtAnswer) => (JSON.parse(a.bytes.toString('utf8')) as { error: { code: string; message: string } }).error;

/** The files of an answered artifact, as text. */
export function filesOf(a: ArtifactAtAnswer): Map<string, string> {
  const opened = openArtifact({ kind: 'tarball', revision: a.revision ?? '', digest: a.digest ?? '', bytes: a.bytes });
  if (!opened.ok) throw new Error(opened.message);
  return new Map([...opened.files].map(([p, b]) => [p, Buffer.from(b).toString('utf8')]));
}
