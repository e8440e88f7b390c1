import { randomInt } from 'node:crypto';
import { stringify } from 'yaml';
import type { KubeObject } from '../k8s/index.js';
import { makeTarball } from '../reconcile/testing/make-tarball.js';

// Revisions count up from a random start, so test files that share a cluster never hand out the same one.
let commit = randomInt(1, 2 ** 40);

/**
 * An artifact of the given files (each a list of objects written as YAML documents) and the assignment's source
 * entry for it, as the hub would send it: a GitRepository named `repo` at a new `main@sha1:` revision.
 */
export function assignedSource(ns: string, files: Record<string, KubeObject[]>) {
  const text = Object.fromEntries(Object.entries(files).map(([p, v]) => [p, v.map((o) => stringify(o)).join('---\n')]));
  const { bytes, digest } = makeTarball(text);
  const revision = `main@sha1:${(++commit).toString(16).padStart(40, '0')}`;
  return { bytes, entry: { kind: 'GitRepository' as const, namespace: ns, name: 'repo', revision, digest, size: bytes.length, url: `/artifacts/${digest}` } };
}
