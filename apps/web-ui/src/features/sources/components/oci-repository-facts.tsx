import { Fact, Facts } from '../../../components/facts';
import { RelativeTime } from '../../../components/relative-time';
import { RevisionText } from '../../../components/revision-text';
import { formatBytes } from '../../../lib/format-bytes';
import { describeOciRef, ociSpecOf, type OciRepositoryDetail } from '../api/oci-repository-types';

/** The spec as Flux names its fields, and the stored artifact in full (revision `<tag>@sha256:<digest>`). */
/** What the hub holds for the registry's TLS (Flux's certSecretRef), never the certificates themselves. */
function tlsFact(source: OciRepositoryDetail): string {
  const stored = [source.hasCaCertificate ? 'CA certificate' : '', source.hasClientCertificate ? 'client certificate' : ''].filter((x) => x !== '');
  return stored.length > 0 ? `${stored.join(' and ')} (stored)` : 'system CAs';
}

export function OciRepositoryFacts({ source }: { source: OciRepositoryDetail }) {
  const spec = ociSpecOf(source.spec);
  const a = source.artifact;
  const layer = spec?.layerSelector;
  return (
    <Facts>
      <Fact label="URL" mono wide>
        {source.url}
      </Fact>
      <Fact label="Ref" mono>
        {describeOciRef(spec)}
      </Fact>
      <Fact label="Provider" mono>
        {spec?.provider}
      </Fact>
      <Fact label="Interval" mono>
        {spec?.interval}
      </Fact>
      <Fact label="Timeout" mono>
        {spec?.timeout}
      </Fact>
      <Fact label="Layer selector" mono>
        {layer
          ? `${layer.mediaType ?? 'first layer'} · ${layer.operation ?? 'extract'}`
          : 'first layer · extract'}
      </Fact>
      <Fact label="Insecure">{spec?.insecure ? 'yes (plain HTTP)' : 'no'}</Fact>
      <Fact label="Credentials">
        {source.credentialsKind ? `${source.credentialsKind} (stored)` : 'none'}
      </Fact>
      <Fact label="TLS">
        {tlsFact(source)}
      </Fact>
      <Fact label="Verification">
        {spec?.verify ? `cosign, ${source.verifyPublicKeys.map((k) => k.name).join(', ')}` : 'none'}
      </Fact>
      <Fact label="Ignore" mono wide>
        {spec?.ignore ? <pre style={{ margin: 0 }}>{spec.ignore}</pre> : null}
      </Fact>
      <Fact label="Revision">
        <RevisionText revision={a?.revision} />
      </Fact>
      <Fact label="Last pulled">
        <RelativeTime value={a?.lastUpdateTime ?? null} />
      </Fact>
      <Fact label="Artifact revision" mono wide>
        {a ? <span data-testid="artifact-revision">{a.revision}</span> : null}
      </Fact>
      <Fact label="Artifact digest" mono wide>
        {a ? `${a.digest} · ${formatBytes(a.size)}` : null}
      </Fact>
      <Fact label="Generation" mono>
        {`${source.generation} (observed ${source.observedGeneration ?? '—'})`}
      </Fact>
    </Facts>
  );
}
