import type { KubeClient } from '@flotilla/spoke-agent/k8s';
import type { CliIo } from '../../command.js';
import { confirmed } from '../../hub/confirm.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { readSyncSecret } from './bootstrap-cluster.js';
import type { SshSettings } from './bootstrap-flags.js';
import { SYNC_SECRET_NAME, SYSTEM_NAMESPACE } from './bootstrap-manifests.js';
import type { SshKey } from './bootstrap-ssh.js';
import { describeKeygen, generateSshKey } from './ssh-keygen.js';

const SECRET = `${SYSTEM_NAMESPACE}/${SYNC_SECRET_NAME}`;

/**
 * The key the cluster reads with over ssh without --private-key-file, as `flux bootstrap git` settles it: the key
 * the cluster's Secret holds already (a second run changes nothing), else a new deploy key whose public key is
 * printed, then a question whether it was given access, skipped with --silent. With the person's SSH agent
 * (`pushesItself` false) bootstrap pushes through the agent, as flux's does, so read access suffices; without one
 * the new key pushes itself and needs write access. Either way the push check that follows stops bootstrap
 * before any change when the push would be refused.
 */
export async function deployKey(io: CliIo, o: SshSettings, client: KubeClient, pushesItself: boolean, say: (line: string) => void): Promise<SshKey> {
  const held = await readSyncSecret(client);
  if (held?.identity && held['identity.pub']) {
    say(`✔ using the SSH key of Secret ${SECRET}: ${held['identity.pub'].trim()}`);
    return { identity: held.identity, identityPub: held['identity.pub'].trim(), ...(held.password ? { password: held.password } : {}), shown: `the SSH key of Secret ${SECRET}` };
  }
  say(`✚ generating a deploy key (${describeKeygen(o.keygen)})`);
  const key = generateSshKey(o.keygen);
  say(`✔ public key: ${key.identityPub}`);
  const question = pushesItself
    ? 'Please give the key write access to your repository (a deploy key allowed to push). Done'
    : 'Please give the key access to your repository (read access suffices: bootstrap pushes through your SSH agent). Done';
  if (
    !o.silent &&
    !(await confirmed(
      io,
      question,
      'no terminal to confirm the deploy key on: run bootstrap on a terminal, or give a key that has write access with --private-key-file (ssh-keygen makes one); nothing was changed',
    ))
  ) {
    throw new CliError(EXIT.failed, 'the deploy key was not confirmed: nothing was changed');
  }
  return { ...key, shown: 'the generated deploy key (its public key is printed above)' };
}
