import { InvalidArgumentError } from 'commander';
import { AgentManifestError } from '@flotilla/protocol/agent-manifests';
import type { HttpCredentials } from '@flotilla/git-source';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { cleanRepoPath, componentManifests } from './bootstrap-manifests.js';
import type { SshKeygenOptions } from './ssh-keygen.js';

export interface BootstrapGitFlags {
  url: string;
  branch: string;
  path?: string;
  interval: string;
  username: string;
  password?: string;
  tokenAuth: boolean;
  allowInsecureHttp: boolean;
  /** ssh: the private key bootstrap pushes with and puts in the cluster's Secret; without it one is generated. */
  privateKeyFile?: string;
  /** ssh: the deploy key to generate without --private-key-file (flux's flags and defaults). */
  sshKeyAlgorithm: SshKeygenOptions['algorithm'];
  sshEcdsaCurve: SshKeygenOptions['curve'];
  sshRsaBits: number;
  /** ssh: the host (and port) the cluster connects to, when it differs from --url's. */
  sshHostname?: string;
  /** ssh: the host keys to trust; without it the host key is scanned and its fingerprint confirmed. */
  knownHostsFile?: string;
  /** ssh: trust the scanned host key without asking (its fingerprint is still printed). */
  silent: boolean;
  authorName: string;
  authorEmail: string;
  kubeconfig?: string;
  context?: string;
  clusterName: string;
  label?: Record<string, string>;
  agentImage: string;
  agentVersion: string;
  /** How long to wait for the agent and the sync pair, in milliseconds. */
  timeout: number;
}

/** `--label k=v`, repeatable: collected into one map (a key given twice keeps the last value, as kubectl does). */
export function labelArg(raw: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`"${raw}" is not key=value`);
  return { ...previous, [raw.slice(0, eq)]: raw.slice(eq + 1) };
}

/** An ssh host as known_hosts names it: `host`, or `[host]:port` off port 22. */
export interface SshHost {
  hostname: string;
  port: number;
}

export interface SshSettings {
  /** The key to push with; undefined: the cluster's Secret's key, else a generated deploy key (`keygen`). */
  privateKeyFile?: string;
  keygen: SshKeygenOptions;
  /** The key's passphrase (flux's --password for ssh). */
  password?: string;
  knownHostsFile?: string;
  /** The hosts whose keys are scanned without --known-hosts-file: --url's, and --ssh-hostname's if different. */
  hosts: SshHost[];
  silent: boolean;
}

export interface BootstrapSettings {
  /** The URL bootstrap pushes to. */
  url: string;
  /** The URL the cluster's GitRepository reads (--url, or for ssh with --ssh-hostname's host). */
  syncUrl: string;
  branch: string;
  path: string;
  interval: string;
  credentials?: HttpCredentials;
  ssh?: SshSettings;
  tokenAuth: boolean;
  author: { name: string; email: string };
  image: string;
  version: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Checks the flags together, before anything is contacted; every refusal is a usage error (exit 2). */
export function settingsOf(o: BootstrapGitFlags, env: NodeJS.ProcessEnv = process.env): BootstrapSettings {
  if (/^[^/:@]+@[^/:]+:/.test(o.url)) throw new CliError(EXIT.usage, `--url: give the ssh:// form of "${o.url}" (ssh://user@host/path), as flux bootstrap does`);
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw new CliError(EXIT.usage, `--url: "${o.url}" is not a URL`);
  }
  const password = o.password ?? (env.GIT_PASSWORD || undefined);
  let ssh: SshSettings | undefined;
  let syncUrl = url;
  if (url.protocol === 'ssh:') {
    ssh = sshSettingsOf(o, url, password);
    // As flux's: the URL's user, unless --username names another; `git` when there is none.
    if (!url.username || o.username !== 'git') url.username = o.username;
    syncUrl = new URL(url.href);
    if (o.sshHostname) syncUrl.host = o.sshHostname;
  } else {
    for (const [flag, given] of [['--private-key-file', o.privateKeyFile], ['--ssh-hostname', o.sshHostname], ['--known-hosts-file', o.knownHostsFile]] as const) {
      if (given) throw new CliError(EXIT.usage, `${flag} is for ssh:// repositories (got ${url.protocol})`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(EXIT.usage, `--url: only http(s) and ssh repositories are supported (got ${url.protocol})`);
    if (url.username || url.password) throw new CliError(EXIT.usage, '--url: put no credentials in the URL; give --username/--password (or GIT_PASSWORD)');
    // As flux's: credentials are not sent in clear text unless asked for.
    if (password && url.protocol === 'http:' && !o.allowInsecureHttp) throw new CliError(EXIT.usage, '--url: credentials over plain http need --allow-insecure-http');
    if (o.tokenAuth && !password) throw new CliError(EXIT.usage, '--token-auth needs --password (or GIT_PASSWORD): the cluster reads the repository with them');
  }
  if (!o.branch || /\s|\.\.|^-|^\/|\/$/.test(o.branch)) throw new CliError(EXIT.usage, `--branch: "${o.branch}" is not a branch name`);
  if (!TAG.test(o.agentVersion)) throw new CliError(EXIT.usage, `--agent-version: "${o.agentVersion}" is not an image tag`);
  const lastSegment = o.agentImage.split('/').at(-1) ?? '';
  if (lastSegment.includes(':') || lastSegment.includes('@')) throw new CliError(EXIT.usage, `--agent-image: give the repository without a tag or digest (the tag is --agent-version), got "${o.agentImage}"`);
  const image = `${o.agentImage}:${o.agentVersion}`;
  try {
    componentManifests('https://hub.invalid', image);
  } catch (err) {
    if (err instanceof AgentManifestError) throw new CliError(EXIT.usage, `--agent-image: ${err.message}`);
    throw err;
  }
  return {
    url: url.href.replace(/\/$/, ''),
    syncUrl: syncUrl.href.replace(/\/$/, ''),
    branch: o.branch,
    path: cleanRepoPath(o.path ?? ''),
    interval: o.interval,
    ...(ssh ? { ssh } : password ? { credentials: { username: o.username, password } } : {}),
    tokenAuth: o.tokenAuth,
    author: { name: o.authorName, email: o.authorEmail },
    image,
    version: o.agentVersion,
  };
}

const sshHostOf = (u: URL): SshHost => ({ hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(u.port || 22) });

/**
 * ssh, as `flux bootstrap git`: the key of --private-key-file (and its passphrase, --password), or without it
 * a generated deploy key, is the one the cluster reads with. A key file also pushes; without one bootstrap
 * pushes through the person's SSH agent, as flux's does, or, with no agent holding a key, with the deploy key.
 */
function sshSettingsOf(o: BootstrapGitFlags, url: URL, password: string | undefined): SshSettings {
  if (url.password) throw new CliError(EXIT.usage, '--url: put no password in the URL; give the key with --private-key-file and its passphrase with --password');
  // A host starting with `-` would read as an option to ssh or ssh-keyscan.
  if (!url.hostname || url.hostname.startsWith('-')) throw new CliError(EXIT.usage, `--url: "${o.url}" names no host`);
  if (o.tokenAuth) throw new CliError(EXIT.usage, '--token-auth is for http(s) repositories: over ssh the cluster reads with the ssh key');
  if (!o.privateKeyFile && o.password) throw new CliError(EXIT.usage, '--password is the passphrase of --private-key-file over ssh; a generated deploy key has none');
  const hosts = [sshHostOf(url)];
  if (o.sshHostname) {
    let other: URL;
    try {
      other = new URL(`ssh://${o.sshHostname}`);
    } catch {
      throw new CliError(EXIT.usage, `--ssh-hostname: "${o.sshHostname}" is not a host[:port]`);
    }
    if (other.username || other.pathname || !other.hostname || other.hostname.startsWith('-')) throw new CliError(EXIT.usage, `--ssh-hostname: "${o.sshHostname}" is not a host[:port]`);
    const h = sshHostOf(other);
    if (h.hostname !== hosts[0]!.hostname || h.port !== hosts[0]!.port) hosts.push(h);
  }
  const keygen = { algorithm: o.sshKeyAlgorithm, curve: o.sshEcdsaCurve, rsaBits: o.sshRsaBits };
  return { ...(o.privateKeyFile ? { privateKeyFile: o.privateKeyFile } : {}), keygen, ...(password && o.privateKeyFile ? { password } : {}), ...(o.knownHostsFile ? { knownHostsFile: o.knownHostsFile } : {}), hosts, silent: o.silent };
}

/** flux's `--ssh-key-algorithm`: rsa, ecdsa or ed25519. */
export function keyAlgorithmArg(raw: string): SshKeygenOptions['algorithm'] {
  if (raw === 'rsa' || raw === 'ecdsa' || raw === 'ed25519') return raw;
  throw new InvalidArgumentError(`unsupported public key algorithm '${raw}', must be one of: rsa, ecdsa, ed25519`);
}

/** flux's `--ssh-ecdsa-curve`: p256, p384 or p521. */
export function ecdsaCurveArg(raw: string): SshKeygenOptions['curve'] {
  if (raw === 'p256' || raw === 'p384' || raw === 'p521') return raw;
  throw new InvalidArgumentError(`unsupported curve '${raw}', must be one of: p256, p384, p521`);
}

/** flux's `--ssh-rsa-bits`: at least 1024, a multiple of 8 (an upper bound of 8192 keeps generation short). */
export function rsaBitsArg(raw: string): number {
  const bits = Number(raw);
  if (!Number.isInteger(bits)) throw new InvalidArgumentError(`"${raw}" is not a number`);
  if (bits < 1024) throw new InvalidArgumentError('RSA key bit size must be at least 1024');
  if (bits % 8 !== 0) throw new InvalidArgumentError('RSA key bit size must be a multiple of 8');
  if (bits > 8192) throw new InvalidArgumentError('RSA key bit size must be at most 8192');
  return bits;
}
