import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { KustomizationsModule } from '../kustomizations/kustomizations.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { FleetEditDiffs } from './fleet-edit-diffs.js';
import { GitRemotes } from './git-remotes.js';
import { ProposalForge } from './proposal-forge.js';
import { ProposalProviders } from './providers/proposal-providers.js';
import { SubstituteFromReads } from './substitute-from.js';
import { AgentsModule } from '../agents/agents.module.js';
import { ProposalAutoMerger } from './proposal-auto-merger.js';
import { ProposalsRepository } from './proposals.repository.js';
import { ProposalsResolver } from './proposals.resolver.js';
import { ProposalsService } from './proposals.service.js';
import { HelmModule } from '../helm/helm.module.js';
import { OciSourcesModule } from '../oci-sources/oci-sources.module.js';
import { HelmTemplate } from '../helm/helm-template.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';

/** UpdateProposals: the pull requests image automations open and the edits of git-managed objects, their approvals and their merge. */
@Module({
  imports: [AuthModule, AgentsModule, SourcesModule, KustomizationsModule, HelmModule, OciSourcesModule],
  providers: [GitRemotes, FleetEditDiffs, ProposalProviders, ProposalForge, ProposalsRepository, ProposalsService, ProposalsResolver, ProposalAutoMerger, SubstituteFromReads, { provide: HelmTemplate, useFactory: (config: HubConfig) => new HelmTemplate(config.helm?.binary ?? 'helm', config.helm?.renderHelper), inject: [HUB_CONFIG] }],
  exports: [GitRemotes, FleetEditDiffs, ProposalForge, ProposalsService],
})
export class ProposalsModule {}
