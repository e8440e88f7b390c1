import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startSshAgent, type TestSshAgent } from '@flotilla/testenv';
import { generateSshKey } from './ssh-keygen.js';
import { findSshAgent } from './ssh-agent.js';

// flux bootstrap git without --private-key-file pushes through the SSH agent; bootstrap looks for one the same
// way a person checks theirs (`ssh-add -l`), against a real ssh-agent.
describe('findSshAgent', () => {
  let agent: TestSshAgent;
  let empty: TestSshAgent;
  beforeAll(async () => {
    [agent, empty] = await Promise.all([startSshAgent(), startSshAgent()]);
    const key = () => generateSshKey({ algorithm: 'ed25519', curve: 'p384', rsaBits: 2048 }).identity;
    await agent.add(key());
    await agent.add(key());
  });
  afterAll(async () => {
    await Promise.all([agent?.stop(), empty?.stop()]);
  });

  const env = (socket?: string) => ({ PATH: process.env.PATH, ...(socket ? { SSH_AUTH_SOCK: socket } : {}) });

  it('an agent holding identities is found with their count', async () => {
    expect(await findSshAgent(env(agent.socket))).toEqual({ socket: agent.socket, identities: 2 });
  });

  it('no SSH_AUTH_SOCK, an agent without identities and a socket nobody listens on: none, each with its reason', async () => {
    expect(await findSshAgent(env())).toEqual({ none: 'SSH_AUTH_SOCK is not set' });
    expect(await findSshAgent(env(empty.socket))).toEqual({ none: `the SSH agent at ${empty.socket} holds no identity` });
    const nowhere = path.join(await makeTempDir('no-agent'), 'agent.sock');
    expect(await findSshAgent(env(nowhere))).toEqual({ none: `cannot reach the SSH agent at ${nowhere}` });
  });
});
