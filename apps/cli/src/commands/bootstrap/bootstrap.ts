import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CLI_VERSION } from '../../version.js';
import { durationArg, timeoutOption } from '../hub/options.js';
import { ecdsaCurveArg, keyAlgorithmArg, labelArg, rsaBitsArg, type BootstrapGitFlags } from './bootstrap-flags.js';

const EXIT_CODES_BOOTSTRAP = `In bootstrap, 3 also means the cluster or the git server refused the credentials or the rights bootstrap needs
(over ssh also: the server's host key is not the one trusted, or your SSH agent's keys may not push), and 5 that the cluster or the git server could not be reached; in both cases nothing was changed. After the changes,
1 means the GitRepository or the Kustomization reported Ready=False (its message is printed) and 6 that --timeout
ran out before the agent connected and the sync pair reconciled the pushed revision.`;

export function bootstrapCommand(io: CliIo): Command {
  const bootstrap = new Command('bootstrap').description('install the agent in a cluster and manage it from a git repository, as `flux bootstrap` does');
  bootstrap.addCommand(
    timeoutOption(
      new Command('git')
      .description(
        'register a cluster with the hub, commit the agent and a Flux sync pair under <path>/flotilla-system/ and apply them once, then wait until the agent is connected and the sync pair reconciled the pushed revision; from then on the agent upgrades through git. Idempotent.',
      )
      .requiredOption('--url <url>', 'the git repository URL: http(s)://host/path, or ssh://user@host[:port]/path')
      .option('--branch <branch>', 'git branch', 'main')
      .option('--path <path>', 'path relative to the repository root that the cluster syncs (default: the root)')
      .option('--interval <duration>', 'the GitRepository sync interval', (v: string) => (durationArg(v), v), '1m0s')
      .option('-u, --username <name>', 'basic authentication username; for ssh the user when the URL names none or this is not "git"', 'git')
      .option('-p, --password <password>', 'basic authentication password or token; for ssh the passphrase of --private-key-file (default: $GIT_PASSWORD)')
      .option('--private-key-file <file>', 'ssh: the private key to push with, also given to the cluster (a Secret, never committed); it needs write access. Without it, as flux: bootstrap pushes through your SSH agent (SSH_AUTH_SOCK, when it holds a key) and the cluster gets the key of its Secret, else a new deploy key whose public key is printed for you to add (read access suffices; with no SSH agent the deploy key pushes itself and needs write access)')
      .option('--ssh-key-algorithm <algorithm>', 'ssh: the algorithm of a generated deploy key: ecdsa, rsa or ed25519', keyAlgorithmArg, 'ecdsa')
      .option('--ssh-ecdsa-curve <curve>', 'ssh: the curve of a generated ecdsa key: p256, p384 or p521', ecdsaCurveArg, 'p384')
      .option('--ssh-rsa-bits <bits>', 'ssh: the size of a generated rsa key (a multiple of 8, at least 1024)', rsaBitsArg, 2048)
      .option('--known-hosts-file <file>', 'ssh: the known_hosts to trust for the server (default: scan its host key, print the fingerprint and ask)')
      .option('--ssh-hostname <host[:port]>', 'ssh: the host the cluster connects to, when it differs from --url’s')
      .option('-s, --silent', 'ssh: trust the scanned host key and go on after printing a generated deploy key, without asking', false)
      .option('--token-auth', 'also give the cluster these credentials (a Secret in the cluster, never committed) to read the repository', false)
      .option('--allow-insecure-http', 'allow credentials over plain http', false)
      .option('--author-name <name>', 'author name for the commits', 'Flotilla')
      .option('--author-email <email>', 'author email for the commits', '')
      .option('--kubeconfig <file>', 'the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)')
      .option('--context <name>', 'the kubeconfig context (default: its current context)')
      .requiredOption('--cluster-name <name>', 'the cluster’s name at the hub (found by name when it exists)')
      .option('--label <key=value>', 'a cluster label at the hub, repeatable (given labels replace the cluster’s)', labelArg)
      .option('--agent-image <repository>', 'the agent image repository, without tag', 'flotilla/agent')
      .option('--agent-version <tag>', 'the agent image tag', CLI_VERSION),
      'the agent to connect and the sync Kustomization to be ready',
    )
      .addHelpText('after', `\n${EXIT_CODES_BOOTSTRAP}`)
      .action(async (o: BootstrapGitFlags) => {
        // Loaded when run, so the rest of the CLI does not pay for the agent's Kubernetes and git code.
        const { bootstrapGit } = await import('./bootstrap-run.js');
        await bootstrapGit(io, o);
      }),
  );
  return bootstrap;
}
