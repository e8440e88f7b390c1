import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class FleetSyncInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`; also the namespace of documents that name none.' }) namespace?: string | null;
  @Field(() => String, { description: 'Name of the hub GitRepository to read.' }) sourceName!: string;
  @Field(() => String, { nullable: true, description: "The GitRepository's namespace; default the FleetSync's." }) sourceNamespace?: string | null;
  @Field(() => String, { nullable: true, description: 'Directory in the repository whose YAML files (subdirectories included) are read. Default `./`.' }) path?: string | null;
  @Field(() => String, { nullable: true, description: 'Go duration: how often the path is read again without a new revision. Default `10m`.' }) interval?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Delete the objects it made that git no longer declares. Default true.' }) prune?: boolean | null;
}
