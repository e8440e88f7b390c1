import { describe, expect, it } from 'vitest';
import { CliError } from '../../hub/exit-codes.js';
import { ecdsaCurveArg, keyAlgorithmArg, rsaBitsArg, settingsOf, type BootstrapGitFlags } from './bootstrap-flags.js';
import { bootstrapFiles, cleanRepoPath, objectsOf } from './bootstrap-manifests.js';

const flags: BootstrapGitFlags = {
  url: 'https://git.example.com/fleet.git',
  branch: 'main',
  interval: '1m0s',
  username: 'git',
  tokenAuth: false,
  allowInsecureHttp: false,
  silent: false,
  authorName: 'Flotilla',
  authorEmail: '',
  clusterName: 'prod',
  agentImage: 'flotilla/agent',
  agentVersion: '0.1.0',
  timeout: 300_000,
  sshKeyAlgorithm: 'ecdsa',
  sshEcdsaCurve: 'p384',
  sshRsaBits: 2048,
};
const keygen = { algorithm: 'ecdsa', curve: 'p384', rsaBits: 2048 };

describe('bootstrap manifests', () => {
  it('flux --path rule (SafeRelativePath): relative to the root, `..` cannot climb out, ./ and trailing / dropped', () => {
    expect(cleanRepoPath('./clusters/prod/')).toBe('clusters/prod');
    expect(cleanRepoPath('../../etc')).toBe('etc');
    expect(cleanRepoPath('/abs/x')).toBe('abs/x');
    expect(cleanRepoPath('')).toBe('');
    expect(cleanRepoPath('.')).toBe('');
  });

  it('puts the agent, the sync pair and a kustomization.yaml under <path>/flotilla-system/, with no Secret', () => {
    const f = bootstrapFiles({ url: flags.url, branch: 'main', path: 'clusters/prod', interval: '1m0s', secretRef: false, hubUrl: 'https://hub.example.com', image: 'flotilla/agent:0.1.0' });
    expect(Object.keys(f.files)).toEqual(['clusters/prod/flotilla-system/flotilla-agent.yaml', 'clusters/prod/flotilla-system/flotilla-sync.yaml', 'clusters/prod/flotilla-system/kustomization.yaml']);
    const objects = [f.componentsPath, f.syncPath].flatMap((p) => objectsOf(f.files[p]!));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/flotilla-system',
      'ServiceAccount/flotilla-agent',
      'ClusterRole/flotilla-agent',
      'ClusterRoleBinding/flotilla-agent',
      'ClusterRoleBinding/flotilla-agent-reconciler',
      'Role/flotilla-agent-credential',
      'RoleBinding/flotilla-agent-credential',
      'Deployment/flotilla-agent',
      'GitRepository/flotilla-system',
      'Kustomization/flotilla-system',
    ]);
    expect(Object.values(f.files).join('\n')).not.toMatch(/kind: Secret|\{\{/);
    expect(f.files['clusters/prod/flotilla-system/kustomization.yaml']).toBe('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - flotilla-agent.yaml\n  - flotilla-sync.yaml\n');
  });

  it('flux sync defaults (pkg/manifestgen/sync): GitRepository on the branch, Kustomization of ./<path> every 10m with prune; secretRef only with --token-auth', () => {
    const files = (secretRef: boolean) => bootstrapFiles({ url: flags.url, branch: 'dev', path: '', interval: '1m0s', secretRef, hubUrl: 'https://hub.example.com', image: 'flotilla/agent:0.1.0' });
    const [git, ks] = objectsOf(files(false).files['flotilla-system/flotilla-sync.yaml']!);
    expect(git!.spec).toEqual({ interval: '1m0s', ref: { branch: 'dev' }, url: flags.url });
    expect(ks!.spec).toEqual({ interval: '10m0s', path: './', prune: true, sourceRef: { kind: 'GitRepository', name: 'flotilla-system' } });
    expect(objectsOf(files(true).files['flotilla-system/flotilla-sync.yaml']!)[0]!.spec).toMatchObject({ secretRef: { name: 'flotilla-system' } });
  });
});

describe('bootstrap flags', () => {
  const refusal = (over: Partial<BootstrapGitFlags>, env: NodeJS.ProcessEnv = {}) => {
    try {
      settingsOf({ ...flags, ...over }, env);
    } catch (err) {
      if (err instanceof CliError) return `${err.exitCode} ${err.message}`;
      throw err;
    }
    return 'accepted';
  };

  it.each([
    [{ url: 'ssh://git@example.com/fleet.git', password: 'p' }, /^2 --password is the passphrase of --private-key-file over ssh; a generated deploy key has none$/],
    [{ url: 'git@example.com:org/fleet.git' }, /^2 --url: give the ssh:\/\/ form of "git@example.com:org\/fleet.git" \(ssh:\/\/user@host\/path\)/],
    [{ url: 'ssh://git:pw@example.com/fleet.git', privateKeyFile: 'k' }, /^2 --url: put no password in the URL/],
    [{ url: 'ssh://git@example.com/fleet.git', privateKeyFile: 'k', tokenAuth: true }, /^2 --token-auth is for http\(s\) repositories/],
    [{ url: 'ssh://git@example.com/fleet.git', privateKeyFile: 'k', sshHostname: 'git@other' }, /^2 --ssh-hostname: "git@other" is not a host\[:port\]$/],
    [{ url: 'ssh://git@example.com/fleet.git', privateKeyFile: 'k', sshHostname: 'other/x' }, /^2 --ssh-hostname: "other\/x" is not a host\[:port\]$/],
    [{ url: 'ssh://-oProxyCommand=x/fleet.git', privateKeyFile: 'k' }, /^2 --url: "ssh:\/\/-oProxyCommand=x\/fleet.git" names no host$/],
    [{ privateKeyFile: 'k' }, /^2 --private-key-file is for ssh:\/\/ repositories \(got https:\)$/],
    [{ knownHostsFile: 'kh' }, /^2 --known-hosts-file is for ssh:\/\/ repositories/],
    [{ url: 'git://example.com/x.git' }, /^2 --url: only http\(s\) and ssh repositories are supported \(got git:\)$/],
    [{ url: 'not a url' }, /^2 --url: "not a url" is not a URL/],
    [{ url: 'https://u:p@example.com/x.git' }, /^2 --url: put no credentials in the URL/],
    [{ url: 'http://example.com/x.git', password: 'p' }, /^2 --url: credentials over plain http need --allow-insecure-http/],
    [{ tokenAuth: true }, /^2 --token-auth needs --password/],
    [{ agentImage: 'flotilla/agent:1.0' }, /^2 --agent-image: give the repository without a tag/],
    [{ agentImage: 'UPPER/agent' }, /^2 --agent-image: image "UPPER\/agent:0.1.0" is not a valid image reference/],
    [{ agentVersion: 'bad tag' }, /^2 --agent-version: "bad tag" is not an image tag/],
    [{ branch: 'a..b' }, /^2 --branch/],
  ])('refuses %j before contacting anything (exit 2)', (over, message) => {
    expect(refusal(over)).toMatch(message);
  });

  it('ssh as flux bootstrap git: the user from the URL (git when none, --username when not git), --password is the key’s passphrase, --ssh-hostname moves only the sync URL', () => {
    const ssh = (over: Partial<BootstrapGitFlags>, env: NodeJS.ProcessEnv = {}) => settingsOf({ ...flags, privateKeyFile: '/keys/id', ...over }, env);
    const plain = ssh({ url: 'ssh://example.com:2222/org/fleet.git/' });
    expect(plain.url).toBe('ssh://git@example.com:2222/org/fleet.git');
    expect(plain.syncUrl).toBe(plain.url);
    expect(plain.credentials).toBeUndefined();
    expect(plain.ssh).toEqual({ privateKeyFile: '/keys/id', keygen, hosts: [{ hostname: 'example.com', port: 2222 }], silent: false });
    expect(ssh({ url: 'ssh://deploy@example.com/fleet.git' }).url).toBe('ssh://deploy@example.com/fleet.git');
    expect(ssh({ url: 'ssh://deploy@example.com/fleet.git', username: 'other' }).url).toBe('ssh://other@example.com/fleet.git');
    const moved = ssh({ url: 'ssh://git@example.com/fleet.git', sshHostname: 'ssh.example.com:2222', knownHostsFile: '/kh', silent: true }, { GIT_PASSWORD: 'passphrase' });
    expect(moved.url).toBe('ssh://git@example.com/fleet.git');
    expect(moved.syncUrl).toBe('ssh://git@ssh.example.com:2222/fleet.git');
    expect(moved.ssh).toEqual({
      privateKeyFile: '/keys/id',
      keygen,
      password: 'passphrase',
      knownHostsFile: '/kh',
      hosts: [
        { hostname: 'example.com', port: 22 },
        { hostname: 'ssh.example.com', port: 2222 },
      ],
      silent: true,
    });
    expect(ssh({ url: 'ssh://git@example.com/fleet.git', sshHostname: 'example.com:22' }).ssh!.hosts).toHaveLength(1);
  });

  it('ssh without --private-key-file, as flux bootstrap git: a deploy key to generate with --ssh-key-algorithm (ecdsa), --ssh-ecdsa-curve (p384), --ssh-rsa-bits (2048); GIT_PASSWORD is not its passphrase', () => {
    const s = settingsOf({ ...flags, url: 'ssh://git@example.com/fleet.git', sshKeyAlgorithm: 'rsa', sshRsaBits: 4096 }, { GIT_PASSWORD: 'elsewhere' });
    expect(s.ssh).toEqual({ keygen: { algorithm: 'rsa', curve: 'p384', rsaBits: 4096 }, hosts: [{ hostname: 'example.com', port: 22 }], silent: false });
  });

  it('the key flags refuse what flux refuses (--ssh-rsa-bits at least 1024 and a multiple of 8), with flux’s words', () => {
    const says = (f: () => unknown) => {
      try {
        f();
        return 'accepted';
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    };
    expect(keyAlgorithmArg('ed25519')).toBe('ed25519');
    expect(says(() => keyAlgorithmArg('dsa'))).toBe("unsupported public key algorithm 'dsa', must be one of: rsa, ecdsa, ed25519");
    expect(ecdsaCurveArg('p521')).toBe('p521');
    expect(says(() => ecdsaCurveArg('P-384'))).toBe("unsupported curve 'P-384', must be one of: p256, p384, p521");
    expect(rsaBitsArg('3072')).toBe(3072);
    expect(says(() => rsaBitsArg('512'))).toBe('RSA key bit size must be at least 1024');
    expect(says(() => rsaBitsArg('2049'))).toBe('RSA key bit size must be a multiple of 8');
    expect(says(() => rsaBitsArg('lots'))).toBe('"lots" is not a number');
  });

  it('takes the password from GIT_PASSWORD as flux does, and http credentials with --allow-insecure-http', () => {
    const s = settingsOf({ ...flags, url: 'http://127.0.0.1:1/x.git', allowInsecureHttp: true, tokenAuth: true }, { GIT_PASSWORD: 'secret' });
    expect(s.credentials).toEqual({ username: 'git', password: 'secret' });
    expect(s.image).toBe('flotilla/agent:0.1.0');
  });
});
