export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

// A command that parses its own arguments (`agent`, `build`, `push`, `pull`, `testenv`): the program hands it
// every word after its name. `run` returns the process exit code.
export interface CliCommand {
  name: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
