import { Field, InputType, PickType } from '@nestjs/graphql';

@InputType('ImageRegistryCredentialsInput', {
  description: 'Either username + password (used for Basic auth and for Bearer token requests) or dockerConfigJson (a kubernetes.io/dockerconfigjson Secret’s `.dockerconfigjson`). Stored encrypted; never returned.',
})
export class ImageRegistryCredentialsInput {
  @Field(() => String, { nullable: true }) username?: string | null;
  @Field(() => String, { nullable: true }) password?: string | null;
  @Field(() => String, { nullable: true }) dockerConfigJson?: string | null;
}

@InputType('ImageRepositoryInput')
export class ImageRepositoryInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`.' }) namespace?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The image without scheme or tag, e.g. `ghcr.io/org/app` (Docker Hub names are canonicalised).' }) image!: string;
  @Field(() => String, { nullable: true, description: 'Go duration between scans, default `1m`.' }) interval?: string | null;
  @Field(() => String, { nullable: true, description: 'Go duration limiting one scan; default the interval.' }) timeout?: string | null;
  @Field(() => [String], { nullable: true, description: 'Go regular expressions of tags to drop (at most 25); default `^.*\\.sig$`.' }) exclusionList?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Talk plain HTTP to the registry.' }) insecure?: boolean | null;
  @Field(() => Boolean, { nullable: true }) suspend?: boolean | null;
  @Field(() => ImageRegistryCredentialsInput, { nullable: true, description: 'On update: replaces the stored credentials; omit to keep them.' })
  credentials?: ImageRegistryCredentialsInput | null;
  @Field(() => Boolean, { nullable: true, description: 'On update: remove the stored credentials.' }) clearCredentials?: boolean | null;
}

@InputType('ImageRepositorySecretsInput', {
  description: 'What the hub holds for an ImageRepository instead of its secretRef; each field as in ImageRepositoryInput, omitted ones kept.',
})
export class ImageRepositorySecretsInput extends PickType(ImageRepositoryInput, ['credentials', 'clearCredentials'] as const, InputType) {}
