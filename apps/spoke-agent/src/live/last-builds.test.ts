import { randomUUID } from 'node:crypto';
import { getHeapSnapshot } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from '@flotilla/reconcile-core';
import type { KubeObject } from '../k8s/object-ref.js';
import { LastBuilds } from './last-builds.js';

const owner = { namespace: 'flux-system', name: 'apps' };

/** The objects of one YAML file as a build parses them; the file's text is left to the caller to drop. */
function parsedFile(text: string): KubeObject[] {
  const parsed = parseYamlDocuments(text, 'apps/configmaps.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value as KubeObject[];
}

function configMaps(header: string): string {
  const docs = Array.from(
    { length: 5 },
    (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: application-settings-${i}\n  namespace: team-namespace\ndata:\n  key: value-${i}\n`,
  );
  return [header, ...docs].join('---\n');
}

/** This process's live heap, as text (a heap snapshot collects the garbage first). */
async function heapText(): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk));
  return chunks.join('');
}

describe('LastBuilds', () => {
  it('keeps each object of the last build, redacted, by its group, kind, namespace and name', () => {
    const builds = new LastBuilds();
    builds.set(owner, [
      ...parsedFile(configMaps('')),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'team-namespace' }, data: { password: 'c2VjcmV0' } },
    ]);
    const cm = builds.get(owner, { group: '', kind: 'ConfigMap', namespace: 'team-namespace', name: 'application-settings-3' });
    expect(cm).toEqual({ built: true, object: expect.objectContaining({ data: { key: 'value-3' } }) });
    const secret = builds.get(owner, { group: '', kind: 'Secret', namespace: 'team-namespace', name: 'db' });
    expect(JSON.stringify(secret.object)).not.toContain('c2VjcmV0');
    expect(builds.get(owner, { group: 'apps', kind: 'ConfigMap', namespace: 'team-namespace', name: 'application-settings-3' })).toEqual({ built: true, object: undefined });
    builds.forget(owner);
    expect(builds.get(owner, { group: '', kind: 'ConfigMap', namespace: 'team-namespace', name: 'application-settings-3' })).toEqual({ built: false, object: undefined });
  });

  it('does not keep the source file’s text alive through the names in its keys', async () => {
    const marker = `source-file-${randomUUID()}`;
    const builds = new LastBuilds();
    // The text exists only inside this function: once it returns, only what LastBuilds keeps can hold it.
    ((): void => {
      builds.set(owner, parsedFile(configMaps(`# ${marker}\n`)));
    })();
    expect(builds.get(owner, { group: '', kind: 'ConfigMap', namespace: 'team-namespace', name: 'application-settings-0' }).object).toBeDefined();
    // The marker alone is live (this test holds it); the file's text starts with "# " before it.
    expect((await heapText()).includes(`# ${marker}`)).toBe(false);
  });
});
