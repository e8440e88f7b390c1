import { Link } from 'react-router';
import { Fact, Facts } from '../../../components/facts';
import type { KustomizationDetail } from '../api/kustomization-types';
import { describePlacement } from './kustomization-table';

const yesNo = (v: boolean) => (v ? 'yes' : 'no');

export function KustomizationFacts({ k, sourceHref }: { k: KustomizationDetail; sourceHref: string | null }) {
  return (
    <Facts>
      <Fact label="Source" mono wide>
        {sourceHref ? (
          <Link to={sourceHref}>{`${k.sourceRef.kind}/${k.sourceRef.name}`}</Link>
        ) : (
          `${k.sourceRef.kind}/${k.sourceRef.name}`
        )}
      </Fact>
      <Fact label="Path" mono>
        {k.path}
      </Fact>
      <Fact label="Interval" mono>
        {k.interval}
      </Fact>
      <Fact label="Timeout" mono>
        {k.timeout}
      </Fact>
      <Fact label="Prune">{yesNo(k.prune)}</Fact>
      <Fact label="Wait">{yesNo(k.wait)}</Fact>
      <Fact label="Force">{yesNo(k.force)}</Fact>
      <Fact label="Target namespace" mono>
        {k.targetNamespace}
      </Fact>
      <Fact label="Depends on" mono>
        {k.dependsOn.length > 0 ? k.dependsOn.map((d) => d.name).join(', ') : null}
      </Fact>
      <Fact label="Placement" mono wide>
        {describePlacement(k.placement)}
      </Fact>
      <Fact label="Generation" mono>
        {k.generation}
      </Fact>
    </Facts>
  );
}
