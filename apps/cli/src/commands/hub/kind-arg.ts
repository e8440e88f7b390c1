import { Command } from 'commander';
import { findObjectId, hubKind } from '../../hub/hub-kinds.js';
import type { HubClient } from '../../hub/hub-client.js';

/** The hub kinds `reconcile`, `suspend`, `resume` and `delete` act on, under flux's command words. */
export type HubKind = 'GitRepository' | 'Kustomization';

export async function resolveId(hub: HubClient, kind: HubKind, namespace: string, name: string): Promise<string> {
  return findObjectId(hub, hubKind(kind), namespace, name);
}

/**
 * Adds `source git NAME` and `kustomization|ks NAME` under a verb, as flux spells them, each built by `make`.
 */
export function addKindCommands(verb: Command, make: (kind: HubKind, name: string) => Command): Command {
  const source = new Command('source').description('sources');
  source.addCommand(make('GitRepository', 'git'));
  verb.addCommand(source);
  verb.addCommand(make('Kustomization', 'kustomization').alias('ks'));
  return verb;
}
