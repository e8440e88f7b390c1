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
  @Field(() => String, { nullable: true, description: 'Where its proposed edits are reviewed besides the hub: `native` (default: the hub only), `github`, `gitlab` or `gitea` (a pull request there).' }) provider?: string | null;
  @Field(() => String, { nullable: true, description: 'The forge’s API base URL (GitHub Enterprise `https://HOST/api/v3`, GitLab `https://HOST/api/v4`, Gitea `https://HOST/api/v1`). Default: derived from the GitRepository URL.' })
  providerApiUrl?: string | null;
  @Field(() => String, { nullable: true, description: '`owner/name` (GitHub, Gitea) or the project path or id (GitLab). Default: derived from the GitRepository URL.' }) providerRepository?: string | null;
  @Field(() => String, { nullable: true, description: 'The forge token (stored sealed, never returned). Omitted on update: the stored one is kept. A forge needs one; empty removes it, which only `native` accepts (switching to `native` drops it anyway).' }) providerToken?: string | null;
}
