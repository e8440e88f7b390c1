import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export { PrismaClient, Prisma } from '../generated/prisma/client.js';
export type {
  User,
  Session,
  ApiToken,
  Cluster,
  RegistrationToken,
  ClusterCredential,
  AuditEntry,
  GitRepository,
  Artifact,
  Kustomization,
  HelmRepository,
  HelmRelease,
  OciRepository,
  ClusterAssignment,
  FluxObject,
  ClusterEvent,
  AgentReportSequence,
  Role,
  Team,
  TeamMember,
  TeamGrant,
  ClusterConnectionState,
  ImageRepository,
  ImageRepositoryTags,
  ImagePolicy,
  ImageUpdateAutomation,
  UpdateProposal,
  NotificationProvider,
  NotificationAlert,
  NotificationReceiver,
  FleetSync,
} from '../generated/prisma/client.js';

/** A Prisma client over node-postgres (Prisma 7's query compiler is WASM, so no native engine is needed). */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10 });
  return new PrismaClient({ adapter });
}
