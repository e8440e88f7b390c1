import { describe, expect, it } from 'vitest';
import { s3ErrorMessage } from './bucket-client.js';
import { bucketSpecOf, endpointProblem } from './bucket-spec.js';

const base = { interval: '5m', bucketName: 'b', endpoint: 'minio:9000' };

describe('bucketSpecOf (Flux Bucket v1 defaults, and what this agent serves)', () => {
  it('applies Flux’s defaults: provider generic, timeout 60s', () => {
    const r = bucketSpecOf(base);
    expect(r.ok && r.spec).toMatchObject({ provider: 'generic', timeout: '60s' });
  });

  it('refuses the cloud identity providers by name, accepts aws with static keys', () => {
    for (const provider of ['gcp', 'azure']) expect(bucketSpecOf({ ...base, provider })).toMatchObject({ ok: false, reason: 'InvalidProviderConfiguration', message: expect.stringContaining(`provider '${provider}' is not supported by this agent`) });
    expect(bucketSpecOf({ ...base, provider: 'aws' })).toMatchObject({ ok: false, reason: 'InvalidProviderConfiguration' });
    expect(bucketSpecOf({ ...base, provider: 'aws', secretRef: { name: 's' } }).ok).toBe(true);
  });

  it('refuses sts and proxySecretRef (UnsupportedSpec) and what the CRD would refuse (InvalidSpec)', () => {
    expect(bucketSpecOf({ ...base, sts: { provider: 'ldap', endpoint: 'https://sts' } })).toMatchObject({ ok: false, reason: 'UnsupportedSpec', message: 'spec.sts is not supported by this agent' });
    expect(bucketSpecOf({ ...base, proxySecretRef: { name: 'p' } })).toMatchObject({ ok: false, reason: 'UnsupportedSpec' });
    expect(bucketSpecOf({ interval: '5m', endpoint: 'x' })).toMatchObject({ ok: false, reason: 'InvalidSpec', message: expect.stringContaining('bucketName') });
    expect(bucketSpecOf({ ...base, serviceAccountName: 'sa' })).toMatchObject({ ok: false, reason: 'InvalidSpec' });
  });
});

describe('endpointProblem (minio-go takes host[:port])', () => {
  it('accepts hosts, ports and IPv6 literals', () => {
    for (const e of ['minio:9000', 's3.amazonaws.com', '127.0.0.1:9000', '[::1]:9000']) expect(endpointProblem(e), e).toBeUndefined();
  });

  it('refuses a scheme, a path, and never echoes credentials written into the endpoint', () => {
    expect(endpointProblem('http://minio:9000')).toContain('without a scheme');
    expect(endpointProblem('minio:9000/bucket')).toContain('Endpoint url cannot have fully qualified paths.');
    const withCreds = endpointProblem('user:s3cr3t@minio:9000');
    expect(withCreds).toBeDefined();
    expect(withCreds).not.toContain('s3cr3t');
  });
});

describe('s3ErrorMessage (minio-go’s words where the answer has none)', () => {
  it('names a bodiless 403 and 404 as minio-go does, and cuts secrets out of what a server echoes', () => {
    expect(s3ErrorMessage({ name: 'Forbidden', message: 'UnknownError', $metadata: { httpStatusCode: 403 } })).toBe('Access Denied.');
    expect(s3ErrorMessage({ name: 'NotFound', message: 'UnknownError', $metadata: { httpStatusCode: 404 } })).toBe('The specified bucket does not exist.');
    expect(s3ErrorMessage(new Error('key AKIA1234 with secret topsecretvalue refused'), ['AKIA1234', 'topsecretvalue'])).toBe('key *** with secret *** refused');
    expect(s3ErrorMessage(new AggregateError([new Error('connect ECONNREFUSED 127.0.0.1:1')], ''))).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });
});
