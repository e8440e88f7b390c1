import { describe, expect, expectTypeOf, it } from 'vitest';
import { MESSAGES, type AgentToHubMessageType, type HubToAgentMessageType } from './registry.js';

describe('MESSAGES', () => {
  it('splits message types by direction, at type level and at run time', () => {
    expectTypeOf<AgentToHubMessageType>().toEqualTypeOf<'hello' | 'heartbeat'>();
    expectTypeOf<HubToAgentMessageType>().toEqualTypeOf<'welcome' | 'ack' | 'protocol.error' | 'revoked' | 'superseded'>();
    const agentToHub = Object.entries(MESSAGES).filter(([, s]) => s.direction === 'agentToHub').map(([t]) => t);
    expect(agentToHub.sort()).toEqual(['heartbeat', 'hello']);
  });
});
