import path from 'node:path';
import { defaultCacheDir } from '../agent/agent-cli.js';
import { describe, expect, it } from 'vitest';
import { expandHome, parseAgentArgs } from './agent-args.js';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseAgentArgs(argv, env);

function errorOf(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = parse(argv, env);
  if (result.kind !== 'error') throw new Error(`expected an error, got ${result.kind}`);
  return result.message;
}

describe('parseAgentArgs', () => {
  it('parses the command the hub UI shows', () => {
    const result = parse(['--hub', 'http://127.0.0.1:8080/', '--token', 'flr_abc', '--kubeconfig', '/tmp/kc']);
    expect(result).toEqual({ kind: 'config', config: { hubUrl: 'http://127.0.0.1:8080', token: 'flr_abc', kubeconfig: '/tmp/kc', logLevel: 'info' } });
  });

  it('accepts --flag=value and every option', () => {
    const result = parse(['--hub=https://hub.example.com/flotilla', '--state-file=rel/state.json', '--namespace=ops', '--log-level=debug']);
    expect(result).toEqual({
      kind: 'config',
      config: { hubUrl: 'https://hub.example.com/flotilla', stateFile: path.resolve('rel/state.json'), state: 'file', namespace: 'ops', logLevel: 'debug' },
    });
    expect(parse(['--hub', 'http://h', '--state', 'secret'])).toMatchObject({ config: { state: 'secret' } });
  });

  it('falls back to FLOTILLA_HUB_URL, FLOTILLA_REGISTRATION_TOKEN and FLOTILLA_LOG_LEVEL (how the Deployment passes the token)', () => {
    const result = parse([], { FLOTILLA_HUB_URL: 'http://hub:8080', FLOTILLA_REGISTRATION_TOKEN: 'flr_x', FLOTILLA_LOG_LEVEL: 'warn' });
    expect(result).toEqual({ kind: 'config', config: { hubUrl: 'http://hub:8080', token: 'flr_x', logLevel: 'warn' } });
  });

  it('returns help for --help even with other flags', () => {
    expect(parse(['--hub', 'x', '--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], '--hub is required'],
    [['--hub'], '--hub needs a value'],
    [['--hub', '--token', 't'], '--hub needs a value'],
    [['--hub='], '--hub needs a value'],
    [['--hub', 'not a url'], 'is not a URL'],
    [['--hub', 'ftp://hub'], 'must be an http(s) URL'],
    [['--hub', 'https://u:p@hub'], 'must not contain a user name or password'],
    [['--hub', 'https://hub?x=1'], 'must not have a query'],
    [['--hub', 'http://h', '--bogus', '1'], 'unknown flag --bogus'],
    [['--hub', 'http://h', 'extra'], 'unexpected argument "extra"'],
    [['--hub', 'http://h', '--hub', 'http://i'], '--hub given twice'],
    [['--hub', 'http://h', '--log-level', 'loud'], '--log-level must be debug, info, warn or error'],
    [['--hub', 'http://h', '--state', 'disk'], '--state must be file or secret'],
    [['--hub', 'http://h', '--state', 'secret', '--state-file', 'f'], '--state-file only applies to --state file'],
    [['--hub', 'http://h', '--namespace', 'Not_Valid'], 'is not a valid namespace name'],
    [['--hub', 'http://h', '--token', 'two words'], '--token is malformed'],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(errorOf(argv)).toContain(message);
  });

  it('never repeats the token in an error message', () => {
    expect(errorOf(['--hub', 'http://h', '--token', 'secret token'])).not.toContain('secret');
  });
});

describe('expandHome', () => {
  it('expands only a leading ~/', () => {
    expect(expandHome('~/.kube/config', '/home/u')).toBe('/home/u/.kube/config');
    expect(expandHome('/a/~/b', '/home/u')).toBe('/a/~/b');
  });

  it('--outbox-max-events (or FLOTILLA_OUTBOX_MAX_EVENTS): 2..1000000 events kept while the hub is unreachable', () => {
    expect(parseAgentArgs(['--hub', 'http://127.0.0.1:8080', '--outbox-max-events', '50'], {})).toMatchObject({ kind: 'config', config: { outboxMaxEvents: 50 } });
    expect(parseAgentArgs(['--hub', 'http://127.0.0.1:8080'], { FLOTILLA_OUTBOX_MAX_EVENTS: '2' })).toMatchObject({ config: { outboxMaxEvents: 2 } });
    for (const bad of ['1', '0', '-3', '2.5', 'many', '1000001'])
      expect(parseAgentArgs(['--hub', 'http://127.0.0.1:8080', '--outbox-max-events', bad], {})).toEqual({ kind: 'error', message: `--outbox-max-events must be a whole number from 2 to 1000000, got "${bad}"` });
  });

  it('--cache-dir and --concurrency: resolved path, 1..64 Kustomizations at once', () => {
    const r = parseAgentArgs(['--hub', 'http://127.0.0.1:8080', '--cache-dir', 'cache', '--concurrency', '8'], {});
    expect(r).toMatchObject({ kind: 'config', config: { cacheDir: path.resolve('cache'), concurrency: 8 } });
    expect(parseAgentArgs(['--hub', 'http://127.0.0.1:8080'], { FLOTILLA_CONCURRENCY: '2' })).toMatchObject({ config: { concurrency: 2 } });
    for (const bad of ['0', '65', '1.5', 'four']) {
      expect(parseAgentArgs(['--hub', 'http://127.0.0.1:8080', '--concurrency', bad], {})).toEqual({ kind: 'error', message: `--concurrency must be a whole number from 1 to 64, got "${bad}"` });
    }
  });

  it('--helm (or FLOTILLA_HELM): a path made absolute, a bare name left for PATH; unset means helm on PATH', () => {
    expect(parseAgentArgs(['--hub', 'http://127.0.0.1:8080', '--helm', 'bin/helm'], {})).toMatchObject({ config: { helmBinary: path.resolve('bin/helm') } });
    expect(parseAgentArgs(['--hub', 'http://127.0.0.1:8080'], { FLOTILLA_HELM: 'helm4' })).toMatchObject({ config: { helmBinary: 'helm4' } });
    const r = parseAgentArgs(['--hub', 'http://127.0.0.1:8080'], {});
    expect(r.kind === 'config' ? r.config.helmBinary : 'not a config').toBeUndefined();
  });

  it('the default cache dir: /var/cache/flotilla in a cluster (the Deployment’s emptyDir), else per hub under ~/.flotilla', () => {
    expect(defaultCacheDir('https://hub.example:8443', true, '/home/u')).toBe('/var/cache/flotilla');
    expect(defaultCacheDir('https://hub.example:8443', false, '/home/u')).toBe('/home/u/.flotilla/agent-cache/hub.example_8443');
  });
});
