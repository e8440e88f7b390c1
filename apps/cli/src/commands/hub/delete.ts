import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { HUB_KINDS, findObjectId, type HubKindInfo } from '../../hub/hub-kinds.js';
import { confirmed } from '../../hub/confirm.js';
import { addKindTree } from './kind-arg.js';
import { connect, namespaceOption, type NamespaceOptions } from './options.js';

function deleteOne(io: CliIo, kind: HubKindInfo, word: string): Command {
  return namespaceOption(new Command(word).description(`delete a ${kind.kind}`).argument('<name>'))
    .option('-s, --silent', 'delete without asking for confirmation')
    .action(async (name: string, o: NamespaceOptions & { silent?: boolean }) => {
      const hub = await connect();
      const id = await findObjectId(hub, kind, o.namespace, name);
      if (!o.silent && !(await confirmed(io, `Are you sure you want to delete this ${kind.kind}`, 'no terminal to confirm on: add -s/--silent to delete without asking'))) {
        io.stderr.write('✗ delete cancelled\n');
        return;
      }
      io.stderr.write(`► deleting ${kind.kind} ${name} in ${o.namespace} namespace\n`);
      await hub.request(`mutation($id: ID!) { ${kind.mutation}(id: $id) }`, { id });
      io.stderr.write(`✔ ${kind.kind} deleted\n`);
    });
}

/** `delete <words…> NAME` for every kind the hub serves, under flux's command words. */
export function deleteCommand(io: CliIo): Command {
  const root = new Command('delete').description(
    'delete hub objects (placed Kustomizations are removed from their clusters)',
  );
  return addKindTree(root, HUB_KINDS, (kind, word) => deleteOne(io, kind, word));
}
