import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LabelObject } from '../../clusters/dto/cluster.object.js';

export const AlertModeEnum = { EVERY: 'EVERY', STATE_CHANGE: 'STATE_CHANGE' } as const;
export type AlertMode = (typeof AlertModeEnum)[keyof typeof AlertModeEnum];
registerEnumType(AlertModeEnum, {
  name: 'AlertMode',
  valuesMap: {
    EVERY: { description: 'Every matching event, identical ones at most once per 5 minutes (Flux).' },
    STATE_CHANGE: {
      description:
        'Only when an object starts failing on a cluster, and when it recovers (with how long it failed).',
    },
  },
});

@ObjectType('AlertEventSource')
export class AlertEventSourceObject {
  @Field(() => String) kind!: string;
  @Field(() => String, { description: '`*` for every object of the kind.' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Null: the Alert’s namespace.' }) namespace!:
    string | null;
  @Field(() => [LabelObject]) matchLabels!: LabelObject[];
}

@ObjectType('AlertClusterSelector')
export class AlertClusterSelectorObject {
  @Field(() => String, { nullable: true }) labels!: string | null;
  @Field(() => [String]) names!: string[];
}

@ObjectType('Alert', {
  description: 'A Flux Alert (notification.toolkit.fluxcd.io/v1beta3) over the whole fleet.',
})
export class AlertObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => ID) providerId!: string;
  @Field(() => String) providerName!: string;
  @Field(() => String) eventSeverity!: string;
  @Field(() => [AlertEventSourceObject]) eventSources!: AlertEventSourceObject[];
  @Field(() => [String]) inclusionList!: string[];
  @Field(() => [String]) exclusionList!: string[];
  @Field(() => [LabelObject]) eventMetadata!: LabelObject[];
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => AlertClusterSelectorObject) clusterSelector!: AlertClusterSelectorObject;
  @Field(() => AlertModeEnum) mode!: AlertMode;
  @Field(() => Int, {
    description:
      'Seconds to gather the same failure from several clusters into one message; 0 sends each at once.',
  })
  groupWindowSeconds!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}
