import type { CliIo } from '../../command.js';
import type { HubClient } from '../../hub/hub-client.js';

/** The GraphQL mutations that create a kind's object and update one by id, both with `$input`. */
export interface UpsertMutations {
  create: string;
  update: string;
}

/** Creates the object, or updates it when it exists (as flux's create does), with flux's messages. */
export async function upsert(
  io: CliIo,
  hub: HubClient,
  kind: string,
  existingId: string | undefined,
  mutations: UpsertMutations,
  input: Record<string, unknown>,
): Promise<void> {
  const name = `${String(input.namespace)}/${String(input.name)}`;
  io.stderr.write(`► ${existingId ? 'updating' : 'creating'} ${kind} ${name}\n`);
  if (existingId) await hub.request(mutations.update, { id: existingId, input });
  else await hub.request(mutations.create, { input });
  io.stderr.write(`✔ ${kind} ${existingId ? 'updated' : 'created'}\n`);
}
