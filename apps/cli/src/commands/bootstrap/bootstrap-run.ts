import type { CliIo } from '../../command.js';
import { resolveLogin } from '../../hub/config-store.js';
import { HubClient } from '../../hub/hub-client.js';
import { registerCluster } from './bootstrap-credential.js';
import { applyObjects, appliedFromGit, checkCluster, ensureNamespace, ensureSyncSecret, loadKubeConfig, requestSync } from './bootstrap-cluster.js';
import { settingsOf, type BootstrapGitFlags } from './bootstrap-flags.js';
import { checkPushAccess, commitAndPush } from './bootstrap-git.js';
import { checkHubRole } from './bootstrap-hub.js';
import { deployKey } from './bootstrap-deploy-key.js';
import { keyFromFile, sshIdentity, type SshIdentity } from './bootstrap-ssh.js';
import { findSshAgent, type SshAgent } from './ssh-agent.js';
import { bootstrapFiles, objectsOf, SYNC_SECRET_NAME, SYSTEM_NAMESPACE } from './bootstrap-manifests.js';
import { waitForSync } from './bootstrap-wait.js';

/**
 * `flotilla bootstrap git`: as `flux bootstrap git` does for Flux, puts the agent and a sync pair in git and
 * in the cluster, so that from then on the agent manages itself from the repository. Every check runs first;
 * the changes come after, each one skipped when already done, so a second run changes nothing. Then, as flux's,
 * it waits (bounded by --timeout) until the agent is connected and the sync pair reconciled the pushed head.
 */
export async function bootstrapGit(io: CliIo, flags: BootstrapGitFlags): Promise<void> {
  const say = (line: string) => io.stderr.write(`${line}\n`);
  const s = settingsOf(flags);
  const hub = new HubClient(await resolveLogin());
  const kc = loadKubeConfig(flags.kubeconfig, flags.context);
  // A key file and the host keys are settled first: a host key to confirm is asked about before anything is
  // contacted. Without a key file the key is the cluster's Secret's or a new one, settled once the cluster is read.
  let ssh: SshIdentity | undefined = s.ssh?.privateKeyFile ? await sshIdentity(io, s.ssh, await keyFromFile(s.ssh.privateKeyFile, s.ssh.password), say) : undefined;

  say('► checking the hub token');
  const username = await checkHubRole(hub);
  say(`✔ ${username} may register clusters at ${hub.login.hub}`);
  say(`► connecting to the cluster at ${kc.getCurrentCluster()!.server}`);
  const cluster = await checkCluster(kc);
  try {
    say(`✔ the cluster runs Kubernetes ${cluster.version} and the kubeconfig's user may install the agent`);
    let agent: SshAgent | undefined;
    if (s.ssh && !ssh) {
      // As flux's bootstrap: without a key file it pushes through the person's SSH agent, and the deploy key is
      // the cluster's only. Without an agent holding a key, the deploy key pushes itself.
      const found = await findSshAgent();
      agent = 'socket' in found ? found : undefined;
      say(
        'socket' in found
          ? `✔ pushing through your SSH agent (${found.identities} ${found.identities === 1 ? 'identity' : 'identities'}); the deploy key is given to the cluster only`
          : `⚠ no SSH agent to push through (${found.none}): the deploy key pushes itself, so it needs write access`,
      );
      ssh = await sshIdentity(io, s.ssh, await deployKey(io, s.ssh, cluster.client, agent === undefined, say), say);
    }
    const target = { url: s.url, branch: s.branch, credentials: s.credentials, ...(ssh ? { ssh: ssh.credentials, sshKeyShown: ssh.shown } : {}), ...(agent ? { sshAgent: agent.socket } : {}), author: s.author };
    say(`► checking write access to branch "${s.branch}" of ${s.url}`);
    await checkPushAccess(target);
    say(`✔ the repository accepts pushes`);

    const registration = await registerCluster(hub, kc, flags.clusterName, flags.label ?? {}, say);
    say(`✚ generating the manifests of ${s.image} and the sync pair for ./${s.path}`);
    const files = bootstrapFiles({ url: s.syncUrl, branch: s.branch, path: s.path, interval: s.interval, secretRef: s.tokenAuth || ssh !== undefined, hubUrl: registration.hubUrl, image: s.image });
    const components = files.files[files.componentsPath]!;
    const syncFiles = Object.fromEntries(Object.entries(files.files).filter(([p]) => p !== files.componentsPath));
    say(`► committing to "${s.branch}" under ${files.componentsPath.replace(/\/[^/]+$/, '/')}`);
    const pushed = await commitAndPush(target, [
      { message: `Add Flotilla agent ${s.version} component manifests`, files: { [files.componentsPath]: components } },
      { message: 'Add Flotilla sync manifests', files: syncFiles },
    ]);
    for (const c of pushed.commits) say(`✔ committed "${c.message}" (${c.oid})`);
    say(pushed.commits.length > 0 ? `✔ pushed to "${s.branch}"` : '✔ the manifests in git are up to date');

    const objects = [...objectsOf(components), ...objectsOf(files.files[files.syncPath]!)];
    const applied = await appliedFromGit(cluster.client);
    const fromGit = applied !== undefined;
    if (!fromGit) say(`✔ ${await ensureNamespace(cluster.client, objects.find((o) => o.kind === 'Namespace')!)}`);
    await registration.storeCredential(say);
    const secretData = ssh ? ssh.secretData : s.tokenAuth && s.credentials && 'password' in s.credentials ? { username: s.credentials.username, password: s.credentials.password } : undefined;
    let secretChanged = false;
    if (secretData) {
      const action = await ensureSyncSecret(cluster.client, secretData);
      secretChanged = action !== 'unchanged';
      say(action === 'unchanged' ? `✔ source secret ${SYSTEM_NAMESPACE}/${SYNC_SECRET_NAME} up to date` : `✔ source secret ${SYSTEM_NAMESPACE}/${SYNC_SECRET_NAME} ${action}`);
    }
    const revision = `${s.branch}@sha1:${pushed.head}`;
    let requestedAt: string | undefined;
    if (!fromGit) {
      say('► installing the Flux CRDs and applying the manifests (server-side apply)');
      for (const line of await applyObjects(cluster.client, objects)) say(`  ${line}`);
      say(`✔ installed: the agent starts and applies ${revision} from git`);
    } else if (applied !== revision || secretChanged) {
      // Also when bootstrap pushed nothing: the head may hold someone else's commit the agent has not applied yet,
      // or the source Secret changed and the agent should fetch with it now.
      const at = new Date();
      await requestSync(cluster.client, at);
      requestedAt = at.toISOString();
      say(`✔ the agent manages itself from git: it was asked to apply ${revision} now`);
    } else {
      say('✔ the agent manages itself from git; nothing to change');
    }
    await waitForSync({ hub, client: cluster.client, clusterName: flags.clusterName, revision, ...(requestedAt ? { requestedAt } : {}), timeoutMs: flags.timeout, say });
  } finally {
    cluster.client.close();
  }
}

