import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { LabelInput } from '../../clusters/dto/cluster.inputs.js';
import { AlertModeEnum, type AlertMode } from './alert.object.js';

@InputType('AlertEventSourceInput')
export class AlertEventSourceInput {
  @Field(() => String) kind!: string;
  @Field(() => String, { description: 'An object name or `*`.' }) name!: string;
  @Field(() => String, { nullable: true }) namespace?: string | null;
  @Field(() => [LabelInput], {
    nullable: true,
    description: 'Labels the involved Flux object must carry (as its agent reports them).',
  })
  matchLabels?: LabelInput[] | null;
}

@InputType('AlertClusterSelectorInput')
export class AlertClusterSelectorInput {
  @Field(() => String, { nullable: true, description: 'A Kubernetes label selector over cluster labels.' })
  labels?: string | null;
  @Field(() => [String], { nullable: true }) names?: string[] | null;
}

@InputType('AlertInput')
export class AlertInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`.' }) namespace?:
    string | null;
  @Field(() => String) name!: string;
  @Field(() => ID) providerId!: string;
  @Field(() => String, { nullable: true, description: '`info` (default, every event) or `error`.' })
  eventSeverity?: string | null;
  @Field(() => [AlertEventSourceInput]) eventSources!: AlertEventSourceInput[];
  @Field(() => [String], { nullable: true }) inclusionList?: string[] | null;
  @Field(() => [String], { nullable: true }) exclusionList?: string[] | null;
  @Field(() => [LabelInput], { nullable: true }) eventMetadata?: LabelInput[] | null;
  @Field(() => String, { nullable: true }) summary?: string | null;
  @Field(() => Boolean, { nullable: true }) suspend?: boolean | null;
  @Field(() => AlertClusterSelectorInput, { nullable: true, description: 'Empty: every cluster.' })
  clusterSelector?: AlertClusterSelectorInput | null;
  @Field(() => AlertModeEnum, { nullable: true }) mode?: AlertMode | null;
  @Field(() => Int, { nullable: true, description: '0 (default) to 3600.' }) groupWindowSeconds?:
    number | null;
}
