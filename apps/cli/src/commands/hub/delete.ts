import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { HUB_KINDS, findObjectId, type HubKindInfo } from '../../hub/hub-kinds.js';
import { confirmed } from '../../hub/confirm.js';
import { connect, namespaceOption, type NamespaceOptions } from './options.js';

function deleteOne(io: CliIo, kind: HubKindInfo): Command {
  const cmd = namespaceOption(
    new Command(kind.words.at(-1)!).description(`delete a ${kind.kind}`).argument('<name>'),
  )
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
  return kind.alias ? cmd.alias(kind.alias) : cmd;
}

/** `delete <words…> NAME` for every kind the hub serves, under flux's command words. */
export function deleteCommand(io: CliIo): Command {
  const root = new Command('delete').description(
    'delete hub objects (placed Kustomizations are removed from their clusters)',
  );
  for (const kind of HUB_KINDS) {
    let parent = root;
    for (const word of kind.words.slice(0, -1)) {
      let group = parent.commands.find((c) => c.name() === word);
      if (!group) parent.addCommand((group = new Command(word).description(`${word} objects`)));
      parent = group;
    }
    parent.addCommand(deleteOne(io, kind));
  }
  return root;
}
