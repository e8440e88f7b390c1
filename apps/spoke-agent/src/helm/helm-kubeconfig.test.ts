import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { helmKubeconfig } from './helm-kubeconfig.js';

describe('the kubeconfig helm gets', () => {
  it("points an in-cluster agent's helm at the rotating token file, never a copy of the token", () => {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser({ name: 'c', server: 'https://10.0.0.1:443', caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', skipTLSVerify: false }, { name: 'u', authProvider: { name: 'tokenFile', config: { tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' } } });
    const doc = parse(helmKubeconfig(kc)) as { clusters: Array<{ cluster: Record<string, unknown> }>; users: Array<{ user: Record<string, unknown> }> };
    expect(doc.clusters[0]?.cluster).toEqual({ server: 'https://10.0.0.1:443', 'certificate-authority': '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' });
    expect(doc.users[0]?.user).toEqual({ tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' });
  });

  it('keeps client certificates given inline', () => {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser({ name: 'c', server: 'https://127.0.0.1:6443', caData: 'Q0E=', skipTLSVerify: false }, { name: 'u', certData: 'Q0VSVA==', keyData: 'S0VZ' });
    const doc = parse(helmKubeconfig(kc)) as { users: Array<{ user: Record<string, unknown> }> };
    expect(doc.users[0]?.user).toEqual({ 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' });
  });
});
