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
 * The key over ssh without --private-key-file, as `flux bootstrap git` settles it: the key the cluster's
 * Secret holds already (a second run changes nothing), else a new deploy key whose public key is printed, then
 * a question whether it was given access, skipped with --silent. Flux pushes through the person's SSH agent and
 * gives the new key to the cluster only; bootstrap pushes with the new key itself (it uses no SSH agent), so the
 * key needs write access, and the push check that follows stops bootstrap before any change when it has none.
 */
export async function deployKey(io: CliIo, o: SshSettings, client: KubeClient, say: (line: string) => void): Promise<SshKey> {
  const held = await readSyncSecret(client);
  if (held?.identity && held['identity.pub']) {
    say(`✔ using the SSH key of Secret ${SECRET}: ${held['identity.pub'].trim()}`);
    return { identity: held.identity, identityPub: held['identity.pub'].trim(), ...(held.password ? { password: held.password } : {}), shown: `the SSH key of Secret ${SECRET}` };
  }
  say(`✚ generating a deploy key (${describeKeygen(o.keygen)})`);
  const key = generateSshKey(o.keygen);
  say(`✔ public key: ${key.identityPub}`);
  if (
    !o.silent &&
    !(await confirmed(
      io,
      'Please give the key write access to your repository (a deploy key allowed to push). Done',
      'no terminal to confirm the deploy key on: run bootstrap on a terminal, or give a key that has write access with --private-key-file (ssh-keygen makes one); nothing was changed',
    ))
  ) {
    throw new CliError(EXIT.failed, 'the deploy key was not confirmed: nothing was changed');
  }
  return { ...key, shown: 'the generated deploy key (its public key is printed above)' };
}
