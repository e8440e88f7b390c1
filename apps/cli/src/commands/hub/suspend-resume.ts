import { Command, InvalidArgumentError } from 'commander';
import type { CliIo } from '../../command.js';
import { findObjectId, SUSPEND_KINDS } from '../../hub/hub-kinds.js';
import { findKustomization } from '../../hub/hub-objects.js';
import { addKindTree } from './kind-arg.js';
import { connect, namespaceOption, timeoutOption, type NamespaceOptions } from './options.js';
import { reconcileKs, reconcileSource } from './reconcile.js';

interface ResumeOptions extends NamespaceOptions {
  wait: boolean;
  timeout: number;
}

/** flux's `--wait` bool flag: `--wait`, `--wait=true` or `--wait=false`. */
function boolArg(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new InvalidArgumentError('expected true or false');
}

/**
 * `suspend` and `resume` set spec.suspend at the hub, for every cluster the object reaches; the messages are
 * flux's. Allowed on an object a FleetSync manages, as `flux suspend` is on an object applied from git. As
 * flux's resume, resuming a GitRepository or Kustomization then requests a reconcile and, unless
 * `--wait=false`, waits until every cluster (for a GitRepository: the hub) handled it and reports Ready; the
 * other kinds are resumed without waiting (the hub schedules their next reconcile).
 */
function toggleCommand(io: CliIo, suspend: boolean): Command {
  const verb = suspend ? 'suspend' : 'resume';
  return addKindTree(
    new Command(verb).description(`${verb} reconciliation of a hub object`),
    SUSPEND_KINDS,
    (info, word) => {
      const { kind } = info;
      const waits = kind === 'GitRepository' || kind === 'Kustomization';
      const cmd = namespaceOption(
        new Command(word).description(`${verb} a ${kind}`).argument('<name>', `the ${kind}'s name`),
      );
      if (!suspend && waits) {
        cmd.option(
          '--wait [bool]',
          'wait for the reconciliation that resuming requests (--wait=false: return once the hub stored it)',
          boolArg,
          true,
        );
        timeoutOption(cmd, 'the reconciliation');
      }
      return cmd.action(async (name: string, o: ResumeOptions) => {
        const hub = await connect();
        const id = await findObjectId(hub, info, o.namespace, name);
        io.stderr.write(
          `► ${suspend ? 'suspending' : 'resuming'} ${kind} ${name} in ${o.namespace} namespace\n`,
        );
        await hub.request(`mutation($id: ID!, $kind: SuspendKind!) { ${verb}(id: $id, kind: $kind) }`, {
          id,
          kind,
        });
        io.stderr.write(`✔ ${kind} ${suspend ? 'suspended' : 'resumed'}\n`);
        if (suspend || !waits || !o.wait) return;
        const reconcile = { namespace: o.namespace, timeout: o.timeout };
        if (kind === 'GitRepository') return reconcileSource(io, hub, 'git', name, reconcile, { announce: false });
        // A Kustomization placed nowhere has nothing to wait for.
        if ((await findKustomization(hub, o.namespace, name)).clusters.length === 0) return;
        return reconcileKs(io, hub, name, reconcile, { announce: false });
      });
    },
  );
}

export const suspendCommand = (io: CliIo) => toggleCommand(io, true);
export const resumeCommand = (io: CliIo) => toggleCommand(io, false);
