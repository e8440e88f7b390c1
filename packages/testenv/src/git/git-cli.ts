import { execFile } from 'node:child_process';
import { TestenvError } from '../process/errors.js';

export const gitAuthor = { name: 'Flotilla Test', email: 'test@flotilla.invalid' };

// The system git, isolated from whoever runs the tests: no global or system config (a developer's
// signing, hooks or credential helpers must not leak in) and never an interactive prompt.
export function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: gitAuthor.name,
    GIT_AUTHOR_EMAIL: gitAuthor.email,
    GIT_COMMITTER_NAME: gitAuthor.name,
    GIT_COMMITTER_EMAIL: gitAuthor.email,
  };
}

export interface GitRun {
  cwd: string;
  home: string;
  // Extra `-c key=value` settings, e.g. the Authorization header for the test server.
  config?: Record<string, string>;
  input?: string;
}

export function git(args: string[], run: GitRun): Promise<string> {
  const config = Object.entries(run.config ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...config, ...args],
      { cwd: run.cwd, env: gitEnv(run.home), maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT')
            reject(new TestenvError('git is not installed; install it (Debian: apt-get install git)'));
          else reject(new TestenvError(`git ${args[0]} failed`, 'git', redact(stderr || err.message)));
          return;
        }
        resolve(stdout.trim());
      },
    );
    // git may exit before reading its input: the exit status reports that, not an uncaught EPIPE.
    child.stdin?.on('error', () => undefined);
    if (run.input !== undefined) child.stdin?.end(run.input);
  });
}

// git echoes `-c` values in some errors; the test credentials should not end up in test output.
function redact(text: string): string {
  return text.replace(/(Authorization: (?:Basic|Bearer) )\S+/gi, '$1<redacted>');
}
