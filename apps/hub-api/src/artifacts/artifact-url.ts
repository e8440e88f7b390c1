import { digestHex } from '@flotilla/git-source';

/** The path agents download a hub artifact from (`GET /artifacts/:digest`), its `status.artifact.url`. */
export function artifactUrlPath(digest: string): string {
  digestHex(digest);
  return `/artifacts/${digest}`;
}
