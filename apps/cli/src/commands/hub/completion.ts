import { Argument, Command } from 'commander';
import type { CliIo } from '../../command.js';

/** Every command path ("flotilla get sources") with the words that may follow it: subcommands and flags. */
export function completionTable(root: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const walk = (cmd: Command, path: string) => {
    const subs = cmd.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    const flags = cmd.options.flatMap((o) => [o.short, o.long].filter((f): f is string => !!f));
    table.set(path, [...subs, ...flags, '--help']);
    for (const c of cmd.commands) for (const word of [c.name(), ...c.aliases()]) walk(c, `${path} ${word}`);
  };
  walk(root, 'flotilla');
  return table;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bashScript(table: Map<string, string[]>): string {
  const entries = [...table].map(([path, words]) => `  [${quote(path)}]=${quote(words.join(' '))}`).join('\n');
  return `# flotilla completion for bash (and zsh through bashcompinit)
declare -gA _flotilla_words=(
${entries}
)
_flotilla() {
  local key="flotilla" i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ -n "\${_flotilla_words["$key $w"]+set}" ]] && key="$key $w"
  done
  COMPREPLY=($(compgen -W "\${_flotilla_words[$key]}" -- "\${COMP_WORDS[COMP_CWORD]}"))
}
complete -F _flotilla flotilla
`;
}

function fishScript(table: Map<string, string[]>): string {
  const lines = ['# flotilla completion for fish', 'complete -c flotilla -f'];
  for (const [path, words] of table) {
    const parts = path.split(' ').slice(1);
    const subs = words.filter((w) => !w.startsWith('-'));
    if (subs.length === 0) continue;
    // The words typed so far must be exactly this path for its subcommands to be offered.
    const condition = `test (count (commandline -opc)) -eq ${parts.length + 1}${parts.map((p, i) => `; and test (commandline -opc)[${i + 2}] = ${quote(p)}`).join('')}`;
    lines.push(`complete -c flotilla -n ${quote(condition)} -a ${quote(subs.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}

export function completionCommand(io: CliIo, root: () => Command): Command {
  return new Command('completion')
    .description('print a shell completion script: source <(flotilla completion bash), or save it where your shell loads completions')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .action((shell: 'bash' | 'zsh' | 'fish') => {
      const table = completionTable(root());
      if (shell === 'fish') io.stdout.write(fishScript(table));
      else if (shell === 'zsh') io.stdout.write(`#compdef flotilla\nautoload -U +X bashcompinit && bashcompinit\n${bashScript(table)}`);
      else io.stdout.write(bashScript(table));
    });
}
