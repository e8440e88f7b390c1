import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { PageHeader } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import type { Proposal } from '../api/get-proposal';
import { ClusterDiffsCard } from './cluster-diffs-card';
import type { DiffLayout } from '../../../components/diff-viewer';
import { FileDiffsCard } from './file-diffs-card';
import { ImageChangesCard } from './image-changes-card';
import { ProposalStateBadge } from './proposal-state-badge';
import { FleetEditCard } from './fleet-edit-card';
import { emptyDiffsText, fleetEditTitle } from './proposal-origin';
import { HandEditCard } from './hand-edit-card';
import { isInFlight } from './in-flight';
import { ReviewCard } from './review-card';
import { RolloutCard } from './rollout-card';
import styles from './proposal-page.module.css';

export function ProposalPage({ proposal }: { proposal: Proposal }) {
  const [layout, setLayout] = useState<DiffLayout>('unified');
  return (
    <>
      <PageHeader
        title={`${fleetEditTitle(proposal) ?? 'Update proposal'} · ${proposal.automation ?? proposal.fleetEdit?.fleetSync ?? ''}`}
        badge={<ProposalStateBadge state={proposal.state} />}
        subtitle={
          <>
            <code>{proposal.headBranch}</code> ({proposal.headCommit.slice(0, 7)}) into{' '}
            <code>{proposal.baseBranch}</code> ({proposal.baseCommit.slice(0, 7)})
            {proposal.forgeUrl && (
              <>
                {' · '}
                <a href={proposal.forgeUrl} target="_blank" rel="noreferrer">
                  pull request #{proposal.forgeNumber} at the forge
                </a>
              </>
            )}
          </>
        }
        actions={
          <SelectField
            label="Diff layout"
            value={layout}
            onChange={(e) => setLayout(e.target.value === 'split' ? 'split' : 'unified')}
          >
            <option value="unified">Unified</option>
            <option value="split">Side by side</option>
          </SelectField>
        }
      />
      <div className={styles.stack}>
        {proposal.forgeError && (
          <Alert tone="warning" title="The forge did not take the last update">
            {proposal.forgeError} — retried at the{' '}
            {proposal.fleetEdit ? 'FleetSync’s next reconcile' : 'automation’s next run'}.
          </Alert>
        )}
        {proposal.fleetEdit && <FleetEditCard edit={proposal.fleetEdit} />}
        <RolloutCard proposal={proposal} />
        {!proposal.fleetEdit && <ImageChangesCard changes={proposal.imageChanges} />}
        <ReviewCard proposal={proposal} />
        <ClusterDiffsCard diffs={proposal.clusterDiffs} layout={layout} empty={emptyDiffsText(proposal)} />
        <FileDiffsCard files={proposal.files} layout={layout} />
        {/* A FleetSync edit's change is the object's document: it is proposed again from the object, not file by file. */}
        {isInFlight(proposal.state) && !proposal.fleetEdit && <HandEditCard key={proposal.headCommit} proposal={proposal} />}
      </div>
    </>
  );
}
