import { describe, expect, expectTypeOf, it } from 'vitest';
import { MESSAGES, type AgentToHubMessageType, type HubToAgentMessageType } from './registry.js';

describe('MESSAGES', () => {
  it('splits message types by direction, at type level and at run time', () => {
    expectTypeOf<AgentToHubMessageType>().toEqualTypeOf<'hello' | 'heartbeat' | 'assignment.ack' | 'status' | 'inventory' | 'events' | 'object.read.result' | 'substitute.read.result' | 'kustomization.diff.result' | 'helmrelease.revisions.result'>();
    expectTypeOf<HubToAgentMessageType>().toEqualTypeOf<
      'welcome' | 'ack' | 'protocol.error' | 'revoked' | 'superseded' | 'assignment' | 'reconcile' | 'batch.ack' | 'suspend' | 'resume' | 'object.read' | 'substitute.read' | 'kustomization.diff' | 'helmrelease.revisions'
    >();
    const agentToHub = Object.entries(MESSAGES).filter(([, s]) => s.direction === 'agentToHub').map(([t]) => t);
    expect(agentToHub.sort()).toEqual(['assignment.ack', 'events', 'heartbeat', 'hello', 'helmrelease.revisions.result', 'inventory', 'kustomization.diff.result', 'object.read.result', 'status', 'substitute.read.result']);
  });
});

describe('protocol v2 messages', () => {
  it('are registered with since = 2, so a connection negotiated at v1 can neither send nor receive them', () => {
    const v2 = Object.entries(MESSAGES).filter(([, s]) => s.since === 2).map(([t]) => t);
    expect(v2.sort()).toEqual(['assignment', 'assignment.ack', 'batch.ack', 'events', 'inventory', 'reconcile', 'status']);
  });
});

describe('protocol v3 messages', () => {
  it('are the hub → agent actions on Flux objects found in the cluster', () => {
    const v3 = Object.entries(MESSAGES).filter(([, s]) => s.since === 3).map(([t, s]) => [t, s.direction]);
    expect(v3.sort()).toEqual([
      ['resume', 'hubToAgent'],
      ['suspend', 'hubToAgent'],
    ]);
  });
});
