import { Command } from 'commander';
import type { HubKindInfo } from '../../hub/hub-kinds.js';

/**
 * Adds one command per kind under `root`, at flux's command words (`source oci NAME`, `image update NAME`,
 * `helmrelease|hr NAME`), each built by `make` under its last word; the group words are made once.
 */
export function addKindTree(root: Command, kinds: readonly HubKindInfo[], make: (kind: HubKindInfo, word: string) => Command): Command {
  for (const kind of kinds) {
    let parent = root;
    for (const word of kind.words.slice(0, -1)) {
      let group = parent.commands.find((c) => c.name() === word);
      if (!group) parent.addCommand((group = new Command(word).description(`${word} objects`)));
      parent = group;
    }
    const cmd = make(kind, kind.words.at(-1)!);
    parent.addCommand(kind.alias ? cmd.alias(kind.alias) : cmd);
  }
  return root;
}
