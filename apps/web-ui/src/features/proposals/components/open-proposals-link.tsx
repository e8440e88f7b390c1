import { NavLink } from 'react-router';
import { useOpenProposalCount } from '../api/list-proposals';

/** The navigation's Proposals entry with the number in flight, kept live by `proposal.changed` events. */
export function OpenProposalsLink({
  className,
  countClassName,
}: {
  className?: string;
  countClassName?: string;
}) {
  const count = useOpenProposalCount();
  const n = count.data ?? 0;
  return (
    <NavLink to="/proposals" className={className}>
      Proposals
      {n > 0 && (
        <>
          <span className={countClassName} data-testid="open-proposal-count" aria-hidden="true">
            {n}
          </span>
          <span className="visually-hidden"> ({n} in flight)</span>
        </>
      )}
    </NavLink>
  );
}
