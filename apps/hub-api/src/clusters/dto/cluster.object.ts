import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ClusterConnectionState } from '@flotilla/prisma/client';

export const ConnectionStateEnum = {
  PENDING: 'PENDING',
  CONNECTED: 'CONNECTED',
  DISCONNECTED: 'DISCONNECTED',
  REVOKED: 'REVOKED',
} as const;
registerEnumType(ConnectionStateEnum, { name: 'ClusterConnectionState' });

@ObjectType('Label')
export class LabelObject {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

@ObjectType('Variable')
export class VariableObject {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

@ObjectType('Cluster')
export class ClusterObject {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => [LabelObject]) labels!: LabelObject[];
  @Field(() => [VariableObject]) variables!: VariableObject[];
  @Field(() => ConnectionStateEnum) connectionState!: ClusterConnectionState;
  @Field(() => String, { nullable: true }) kubernetesVersion!: string | null;
  @Field(() => String, { nullable: true }) agentVersion!: string | null;
  @Field(() => Int, { nullable: true }) nodeCount!: number | null;
  @Field(() => Date, { nullable: true }) lastSeenAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType('ClusterEdge')
export class ClusterEdgeObject {
  @Field(() => String) cursor!: string;
  @Field(() => ClusterObject) node!: ClusterObject;
}

@ObjectType('PageInfo')
export class PageInfoObject {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('ClusterConnection')
export class ClusterConnectionObject {
  @Field(() => [ClusterEdgeObject]) edges!: ClusterEdgeObject[];
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
  @Field(() => Int) totalCount!: number;
}

@ObjectType('RegistrationToken')
export class RegistrationTokenObject {
  @Field(() => String, { description: 'Shown once; the hub keeps only its hash.' }) token!: string;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => ClusterObject) cluster!: ClusterObject;
  @Field(() => String, { description: 'The exact command to run the agent with a local kubeconfig.' }) agentCommand!: string;
  @Field(() => String, { description: 'Multi-document YAML that runs the agent inside the cluster.' }) agentManifests!: string;
  @Field(() => String, { description: 'The hub URL the command and the manifests give the agent: FLOTILLA_PUBLIC_URL, else the listen address.' })
  hubUrl!: string;
  @Field(() => String, { description: 'The agent image the manifests run (FLOTILLA_AGENT_IMAGE).' }) agentImage!: string;
}
