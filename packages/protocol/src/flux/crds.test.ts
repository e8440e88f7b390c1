import { readFileSync } from 'node:fs';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import * as z from 'zod';
import { renderAgentManifests } from '../agent-manifests.js';
import { FLUX_CRDS_FILE, renderFluxCrds } from './crds-yaml.js';
import { fluxCustomResourceDefinitions, structuralSchema, type JsonSchemaProps } from './crds.js';
import { helmReleaseSpec } from './helm-release.schema.js';
import { kustomizationSpec } from './kustomization.schema.js';
import { bucketSpec, gitRepositorySpec } from './source.schema.js';

describe('generated Flux CRDs', () => {
  it('are committed as generated (run `pnpm --filter @flotilla/protocol generate:crds` after a schema change)', () => {
    expect(readFileSync(FLUX_CRDS_FILE, 'utf8')).toBe(renderFluxCrds());
  });

  it('serve every kind at its storage version, and v1beta2 as a deprecated alias where Flux once had it', () => {
    const versions = Object.fromEntries(
      fluxCustomResourceDefinitions().map((crd) => [
        crd.spec.names.kind,
        crd.spec.versions.map((v) => `${v.name}${v.storage ? '*' : ''}${v.deprecated ? '(deprecated)' : ''}`),
      ]),
    );
    expect(versions).toEqual({
      GitRepository: ['v1*', 'v1beta2(deprecated)'],
      OCIRepository: ['v1*', 'v1beta2(deprecated)'],
      HelmRepository: ['v1*', 'v1beta2(deprecated)'],
      HelmChart: ['v1*', 'v1beta2(deprecated)'],
      Bucket: ['v1*', 'v1beta2(deprecated)'],
      ExternalArtifact: ['v1*'],
      Kustomization: ['v1*', 'v1beta2(deprecated)'],
      HelmRelease: ['v2*'],
    });
  });

  it('give every schema node a type, and keep Helm values as arbitrary JSON', () => {
    const untyped: string[] = [];
    const walk = (s: JsonSchemaProps, at: string) => {
      if (!s.type && !s['x-kubernetes-preserve-unknown-fields']) untyped.push(at);
      for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${at}.${k}`);
      if (s.items) walk(s.items, `${at}[]`);
      if (s.additionalProperties) walk(s.additionalProperties, `${at}{}`);
    };
    for (const crd of fluxCustomResourceDefinitions())
      walk(crd.spec.versions[0]!.schema.openAPIV3Schema, crd.spec.names.kind);
    expect(untyped).toEqual([]);
    const hr = fluxCustomResourceDefinitions().find((c) => c.spec.names.kind === 'HelmRelease')!;
    expect(hr.spec.versions[0]!.schema.openAPIV3Schema.properties!.spec!.properties!.values).toEqual({
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it("are exactly the CRDs the agent's ClusterRole lets it create and patch", () => {
    type Rule = { apiGroups: string[]; resources: string[]; resourceNames?: string[]; verbs: string[] };
    const role = parseAllDocuments(
      renderAgentManifests({ hubUrl: 'https://hub.example.com', token: 't', image: 'flotilla/agent:1' }),
    )
      .map((d) => d.toJS() as { kind: string; metadata: { name: string }; rules?: Rule[] })
      .find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'flotilla-agent')!;
    const crdRules = role.rules!.filter((r) => r.apiGroups.includes('apiextensions.k8s.io'));
    expect(crdRules).toEqual([
      {
        apiGroups: ['apiextensions.k8s.io'],
        resources: ['customresourcedefinitions'],
        resourceNames: fluxCustomResourceDefinitions().map((c) => c.metadata.name),
        verbs: ['get', 'create', 'patch'],
      },
    ]);
  });

  it("let the agent's ClusterRole watch, patch, finalize and write the status of every Flux kind, and record Events", () => {
    type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
    const role = parseAllDocuments(renderAgentManifests({ hubUrl: 'https://hub.example.com', token: 't', image: 'flotilla/agent:1' }))
      .map((d) => d.toJS() as { kind: string; metadata: { name: string }; rules?: Rule[] })
      .find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'flotilla-agent')!;
    const allows = (group: string, resource: string, verb: string) =>
      role.rules!.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
    for (const kind of Object.values(FLUX_KINDS)) {
      for (const verb of ['get', 'list', 'watch', 'patch', 'update']) expect(allows(kind.group, kind.plural, verb), `${verb} ${kind.plural}`).toBe(true);
      expect(allows(kind.group, `${kind.plural}/status`, 'patch'), `${kind.plural}/status`).toBe(true);
      expect(allows(kind.group, `${kind.plural}/finalizers`, 'update'), `${kind.plural}/finalizers`).toBe(true);
    }
    expect(allows('', 'events', 'create') && allows('', 'events', 'patch')).toBe(true);
  });

  it('refuses schemas the API server would not take as structural', () => {
    expect(() => structuralSchema(z.object({ a: z.union([z.string(), z.number()]) }))).toThrow(
      /\.a: unions are not structural/,
    );
    const intOrString = z.union([z.int(), z.string()]).meta({ 'x-kubernetes-int-or-string': true });
    expect(structuralSchema(z.object({ port: intOrString })).properties!.port).toEqual({
      'x-kubernetes-int-or-string': true,
    });
    expect(() => structuralSchema(z.object({ any: z.unknown() }))).toThrow(
      /\.any: a CRD schema node needs a type/,
    );
  });
});

describe('Flux kind schemas in TypeScript', () => {
  it('parse the bootstrap pair with Flux defaults filled in', () => {
    expect(
      gitRepositorySpec.parse({
        interval: '1m',
        url: 'ssh://git@github.com/org/repo.git',
        ref: { branch: 'main' },
      }),
    ).toEqual({
      interval: '1m',
      url: 'ssh://git@github.com/org/repo.git',
      ref: { branch: 'main' },
      timeout: '60s',
    });
    const ks = kustomizationSpec.parse({
      interval: '1m',
      path: './clusters/my-cluster',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    });
    expect(ks.force).toBe(false);
  });

  it('apply the same cross-field rules as the CRDs', () => {
    expect(helmReleaseSpec.safeParse({ interval: '5m' }).success).toBe(false);
    expect(
      helmReleaseSpec.safeParse({ interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } })
        .success,
    ).toBe(true);
    expect(
      gitRepositorySpec.safeParse({ interval: '1m', url: 'https://example.com/r', serviceAccountName: 'sa' })
        .success,
    ).toBe(false);
    expect(
      bucketSpec.safeParse({
        bucketName: 'b',
        endpoint: 'minio:9000',
        interval: '5m',
        serviceAccountName: 'sa',
      }).success,
    ).toBe(false);
    expect(
      bucketSpec.safeParse({
        provider: 'aws',
        bucketName: 'b',
        endpoint: 's3.amazonaws.com',
        interval: '5m',
        serviceAccountName: 'sa',
      }).success,
    ).toBe(true);
  });

  it('reject durations Flux rejects', () => {
    expect(kustomizationSpec.shape.interval.safeParse('1h30m').success).toBe(true);
    for (const bad of ['1 minute', '10', '5d', '-1m', ''])
      expect(kustomizationSpec.shape.interval.safeParse(bad).success).toBe(false);
  });
});
