import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConditionObject } from '../../sources/dto/condition.object.js';

@ObjectType('ImageScanResult')
export class ImageScanResultObject {
  @Field(() => String, { nullable: true, description: 'sha256 of the stored tag list.' }) revision!: string | null;
  @Field(() => Int) tagCount!: number;
  @Field(() => Date, { nullable: true }) scanTime!: Date | null;
  @Field(() => [String], { description: 'Up to 10 tags in Flux’s order (reverse alphabetical).' }) latestTags!: string[];
}

@ObjectType('ImageRepository')
export class ImageRepositoryObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => String) image!: string;
  @Field(() => String) interval!: string;
  @Field(() => String, { description: 'The scan timeout (the interval unless set).' }) timeout!: string;
  @Field(() => [String]) exclusionList!: string[];
  @Field(() => Boolean) insecure!: boolean;
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => String, { nullable: true, description: '`basic` or `dockerconfigjson` when credentials are stored; never the credentials.' })
  credentialsKind!: string | null;
  @Field(() => String, { nullable: true, description: 'Flux status.canonicalImageName, e.g. `index.docker.io/library/alpine`.' }) canonicalImageName!: string | null;
  @Field(() => ImageScanResultObject, { nullable: true, description: 'The last successful scan; kept when a later scan fails.' })
  lastScanResult!: ImageScanResultObject | null;
  @Field(() => String, { description: 'Status of the Ready condition: True, False or Unknown.' }) ready!: string;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [ConditionObject]) conditions!: ConditionObject[];
  @Field(() => Int) generation!: number;
  @Field(() => Int, { nullable: true }) observedGeneration!: number | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}
