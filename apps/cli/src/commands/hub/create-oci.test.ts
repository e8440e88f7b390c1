import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ociRepositorySpec } from '@flotilla/protocol/flux';
import { CliError } from '../../hub/exit-codes.js';
import { createOciCommand, ociSpecOf } from './create-oci.js';

const sink = () => {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
};

async function exported(args: string[]): Promise<unknown> {
  const out = sink();
  const err = sink();
  await createOciCommand({ stdout: out.stream, stderr: err.stream }).parseAsync(['node', 'oci', ...args, '--export']);
  expect(err.text()).toBe('');
  return parse(out.text());
}

describe('create source oci (flux create source oci flags)', () => {
  it('--export prints an OCIRepository (source.toolkit.fluxcd.io/v1) that Flux’s own spec schema accepts, sending nothing', async () => {
    const doc = (await exported(['podinfo', '--url', 'oci://ghcr.io/stefanprodan/manifests/podinfo', '--tag-semver', '>=6.0.0', '--interval', '10m', '--layer-media-type', 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', '--layer-operation', 'copy'])) as Record<string, unknown>;
    expect(doc).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'podinfo', namespace: 'flotilla-system' },
      spec: {
        interval: '10m',
        url: 'oci://ghcr.io/stefanprodan/manifests/podinfo',
        ref: { semver: '>=6.0.0' },
        layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
      },
    });
    expect(ociRepositorySpec.safeParse(doc.spec).success).toBe(true);
  });

  it('--tag and --digest become spec.ref.tag and spec.ref.digest; the interval defaults to 1m as flux’s', () => {
    expect(ociSpecOf({ namespace: 'apps', url: 'oci://r.example/x', tag: 'v1', interval: '1m' })).toEqual({ interval: '1m', url: 'oci://r.example/x', ref: { tag: 'v1' } });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(ociSpecOf({ namespace: 'apps', url: 'oci://r.example/x', digest, interval: '1m', insecure: true })).toEqual({ interval: '1m', url: 'oci://r.example/x', ref: { digest }, insecure: true });
  });

  it('more than one of --tag, --tag-semver, --digest: usage error (exit 2)', () => {
    let code: number | undefined;
    try {
      ociSpecOf({ namespace: 'apps', url: 'oci://r.example/x', tag: 'v1', tagSemver: '1.x', interval: '1m' });
    } catch (err) {
      code = err instanceof CliError ? err.exitCode : undefined;
    }
    expect(code).toBe(2);
  });
});
