import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/**
 * Typed in-process events between modules (clusters → agents/realtime). In-process only: with several hub
 * replicas, socket.io's Postgres adapter carries the `/ui` fan-out and the agent gateway re-checks state in
 * Postgres on every heartbeat, so a replica that misses an event still converges.
 */
export interface HubEventMap {
  'cluster.changed': { clusterId: string };
  'cluster.deleted': { clusterId: string };
  'cluster.credentialsRevoked': { clusterId: string };
}

@Injectable()
export class HubEvents {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<K extends keyof HubEventMap>(event: K, payload: HubEventMap[K]): void {
    this.emitter.emit(event, payload);
  }

  on<K extends keyof HubEventMap>(event: K, listener: (payload: HubEventMap[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
