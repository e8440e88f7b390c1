import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { addKindCommands, resolveId } from './kind-arg.js';
import { connect, namespaceOption, type NamespaceOptions } from './options.js';

const MUTATION = { GitRepository: 'deleteGitRepository', Kustomization: 'deleteKustomization' } as const;

/** As flux's delete: asks first unless -s; without a terminal to ask on, -s is required. */
async function confirmed(io: CliIo, question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new CliError(EXIT.usage, 'no terminal to confirm on: add -s/--silent to delete without asking');
  const rl = createInterface({ input: process.stdin, output: io.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function deleteCommand(io: CliIo): Command {
  return addKindCommands(new Command('delete').description('delete hub objects (placed Kustomizations are removed from their clusters)'), (kind, word) =>
    namespaceOption(new Command(word).description(`delete a ${kind}`).argument('<name>'))
      .option('-s, --silent', 'delete without asking for confirmation')
      .action(async (name: string, o: NamespaceOptions & { silent?: boolean }) => {
        const hub = await connect();
        const id = await resolveId(hub, kind, o.namespace, name);
        if (!o.silent && !(await confirmed(io, `Are you sure you want to delete this ${kind}`))) {
          io.stderr.write('✗ delete cancelled\n');
          return;
        }
        io.stderr.write(`► deleting ${kind} ${name} in ${o.namespace} namespace\n`);
        await hub.request(`mutation($id: ID!) { ${MUTATION[kind]}(id: $id) }`, { id });
        io.stderr.write(`✔ ${kind} deleted\n`);
      }),
  );
}
