import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { addKindCommands, resolveId } from './kind-arg.js';
import { connect, namespaceOption, type NamespaceOptions } from './options.js';

/**
 * `suspend` and `resume` set spec.suspend at the hub, for every cluster the object reaches; the messages are
 * flux's. Resume returns once the hub stored it: the next reconcile follows at the object's interval or at once
 * with `flotilla reconcile`.
 */
function toggleCommand(io: CliIo, suspend: boolean): Command {
  const verb = suspend ? 'suspend' : 'resume';
  return addKindCommands(new Command(verb).description(`${verb} reconciliation of a hub object`), (kind, word) =>
    namespaceOption(new Command(word).description(`${verb} a ${kind}`).argument('<name>', `the ${kind}'s name`)).action(async (name: string, o: NamespaceOptions) => {
      const hub = await connect();
      const id = await resolveId(hub, kind, o.namespace, name);
      io.stderr.write(`► ${suspend ? 'suspending' : 'resuming'} ${kind} ${name} in ${o.namespace} namespace\n`);
      await hub.request(`mutation($id: ID!, $kind: ReconcileKind!) { ${verb}(id: $id, kind: $kind) }`, { id, kind });
      io.stderr.write(`✔ ${kind} ${suspend ? 'suspended' : 'resumed'}\n`);
    }),
  );
}

export const suspendCommand = (io: CliIo) => toggleCommand(io, true);
export const resumeCommand = (io: CliIo) => toggleCommand(io, false);
