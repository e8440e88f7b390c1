import { Fact, Facts } from '../../../components/facts';
import { RelativeTime } from '../../../components/relative-time';
import { RevisionText } from '../../../components/revision-text';
import { formatBytes } from '../../../lib/format-bytes';
import { describeRef, type GitRepositoryDetail } from '../api/source-types';

export function GitRepositoryFacts({ source }: { source: GitRepositoryDetail }) {
  const a = source.artifact;
  return (
    <Facts>
      <Fact label="URL" mono wide>
        {source.url}
      </Fact>
      <Fact label="Ref" mono>
        {describeRef(source.ref)}
      </Fact>
      <Fact label="Interval" mono>
        {source.interval}
      </Fact>
      <Fact label="Timeout" mono>
        {source.timeout}
      </Fact>
      <Fact label="Credentials">
        {source.credentialsKind ? `${source.credentialsKind} (stored)` : 'none'}
      </Fact>
      <Fact label="Revision">
        <RevisionText revision={a?.revision} />
      </Fact>
      <Fact label="Last fetched">
        <RelativeTime value={a?.lastUpdateTime ?? null} />
      </Fact>
      <Fact label="Artifact" mono wide>
        {a ? <span title={a.digest}>{`${a.digest.slice(0, 19)}… · ${formatBytes(a.size)}`}</span> : null}
      </Fact>
    </Facts>
  );
}
