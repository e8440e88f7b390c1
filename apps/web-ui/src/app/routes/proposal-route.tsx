import { Link, useParams } from 'react-router';
import { Page } from '../../components/layout';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useProposal } from '../../features/proposals/api/get-proposal';
import { ProposalPage } from '../../features/proposals/components/proposal-page';
import { DetailFallback } from './detail-fallback';
import styles from './cluster-route.module.css';

export function ProposalRoute() {
  const { proposalId = '' } = useParams();
  const proposal = useProposal(proposalId);
  useDocumentTitle(proposal.data ? `Proposal ${proposal.data.automation}` : 'Proposal');
  const back = (
    <Link to="/proposals" className={styles.back}>
      ← Proposals
    </Link>
  );
  if (proposal.isPending || proposal.isError)
    return (
      <DetailFallback
        label="Proposal"
        back={back}
        error={proposal.error}
        notFound="Proposal not found"
        loadFailed="Could not load the proposal"
      />
    );
  return (
    <Page label={`Proposal ${proposal.data.automation}`}>
      {back}
      <ProposalPage proposal={proposal.data} />
    </Page>
  );
}
