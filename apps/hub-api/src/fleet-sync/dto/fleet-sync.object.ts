import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConditionObject } from '../../sources/dto/condition.object.js';

@ObjectType('FleetProblem', { description: 'A problem in a file under a FleetSync path.' })
export class FleetProblemObject {
  @Field(() => String) file!: string;
  @Field(() => Int) line!: number;
  @Field(() => String, { nullable: true }) kind!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) field!: string | null;
  @Field(() => String) message!: string;
}

@ObjectType('FleetSyncEvent')
export class FleetSyncEventObject {
  @Field(() => String, { description: 'Normal or Warning.' }) type!: string;
  @Field(() => String) reason!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true }) revision!: string | null;
  @Field(() => Date) occurredAt!: Date;
}

@ObjectType('FleetSyncInventoryEntry', { description: 'A hub object the FleetSync made.' })
export class FleetSyncInventoryEntryObject {
  @Field(() => String) kind!: string;
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => String) file!: string;
}

@ObjectType('FleetSync', { description: 'Reconciles the Flux YAML and Placements under a path of a hub GitRepository into the hub’s objects.' })
export class FleetSyncObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => String) sourceNamespace!: string;
  @Field(() => String) sourceName!: string;
  @Field(() => String, { nullable: true, description: 'The URL of the GitRepository; null when it does not exist.' }) sourceUrl!: string | null;
  @Field(() => String) path!: string;
  @Field(() => String) interval!: string;
  @Field(() => Boolean) prune!: boolean;
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => String, { description: 'Where its proposed edits are reviewed besides the hub: `native`, `github`, `gitlab` or `gitea`.' }) provider!: string;
  @Field(() => String, { nullable: true, description: 'Set API base URL; null: derived from the GitRepository URL.' }) providerApiUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'Set repository; null: derived from the GitRepository URL.' }) providerRepository!: string | null;
  @Field(() => Boolean, { description: 'Whether a forge token is stored (the token itself is never returned).' }) providerTokenSet!: boolean;
  @Field(() => String, { description: 'Status of the Ready condition: True, False or Unknown.' }) ready!: string;
  @Field(() => String) reason!: string;
  @Field(() => String) message!: string;
  @Field(() => [ConditionObject]) conditions!: ConditionObject[];
  @Field(() => String, { nullable: true, description: 'Flux format, e.g. main@sha1:<commit>.' }) lastAppliedRevision!: string | null;
  @Field(() => String, { nullable: true }) lastAttemptedRevision!: string | null;
  @Field(() => [FleetProblemObject]) problems!: FleetProblemObject[];
  @Field(() => [FleetSyncEventObject], { description: 'Newest first.' }) events!: FleetSyncEventObject[];
  @Field(() => [FleetSyncInventoryEntryObject]) inventory!: FleetSyncInventoryEntryObject[];
}

@ObjectType('ManagedByGit', { description: 'Where in git a hub object is declared: edit it there.' })
export class ManagedByGitObject {
  @Field(() => ID) fleetSyncId!: string;
  @Field(() => String) fleetSyncNamespace!: string;
  @Field(() => String) fleetSyncName!: string;
  @Field(() => String) sourceNamespace!: string;
  @Field(() => String) sourceName!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { description: 'The file declaring the object, from the repository root.' }) file!: string;
  @Field(() => String, { nullable: true, description: 'The revision last applied.' }) revision!: string | null;
}
