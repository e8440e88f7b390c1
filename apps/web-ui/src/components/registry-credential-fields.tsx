import { CheckboxField } from './checkbox-field';
import { TextareaField } from './textarea-field';

/**
 * The CA certificate of a registry or chart repository (Flux's certSecretRef `ca.crt`), write-only like other
 * credentials: a stored one is never shown, an empty field keeps it, and "remove" drops it and any client
 * certificate.
 */
export function CaCertificateField({
  value,
  onChange,
  clear,
  onClearChange,
  storedCa,
  storedClient,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  clear: boolean;
  onClearChange: (clear: boolean) => void;
  storedCa: boolean;
  storedClient: boolean;
  error: string | null;
}) {
  const stored = storedCa || storedClient;
  const hint = storedCa
    ? 'PEM. A CA certificate is stored, encrypted at the hub; its value is never shown. Leave empty to keep it.'
    : 'PEM, when a private CA signed the server’s certificate. Trusted besides the system’s CAs, for this repository only.';
  return (
    <>
      <TextareaField
        label="CA certificate"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        rows={4}
        autoComplete="off"
        placeholder={'-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'}
        hint={storedClient ? `${hint} A client certificate is stored too; it is kept.` : hint}
      />
      {stored && (
        <CheckboxField
          label="Remove the stored certificates"
          hint="The CA and any client certificate are dropped when you save."
          checked={clear}
          disabled={value.trim() !== ''}
          onChange={onClearChange}
        />
      )}
    </>
  );
}

/** A kubernetes.io/dockerconfigjson Secret's `.dockerconfigjson`, write-only: typed once, never shown again. */
export function DockerConfigField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error: string | null;
}) {
  return (
    <TextareaField
      label="Docker config"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      rows={4}
      autoComplete="off"
      placeholder={'{"auths":{"ghcr.io":{"auth":"…"}}}'}
      hint="The .dockerconfigjson of a kubernetes.io/dockerconfigjson Secret; it must hold this URL's registry. Stored encrypted, never shown again."
    />
  );
}

/** A client certificate and its key (Flux's certSecretRef `tls.crt` and `tls.key`) for mutual TLS, write-only. */
export function ClientCertificateFields({
  certificate,
  keyPem,
  onChange,
  stored,
  errors,
}: {
  certificate: string;
  keyPem: string;
  onChange: (patch: { clientCertificate?: string; clientKey?: string }) => void;
  stored: boolean;
  errors: { clientCertificate: string | null; clientKey: string | null };
}) {
  return (
    <>
      <TextareaField
        label="Client certificate"
        value={certificate}
        onChange={(e) => onChange({ clientCertificate: e.target.value })}
        error={errors.clientCertificate}
        rows={3}
        autoComplete="off"
        placeholder={'-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'}
        hint={
          stored
            ? 'PEM, for a server that asks for one (mutual TLS). One is stored; leave both empty to keep it.'
            : 'PEM, for a server that asks for one (mutual TLS); with its key.'
        }
      />
      <TextareaField
        label="Client key"
        value={keyPem}
        onChange={(e) => onChange({ clientKey: e.target.value })}
        error={errors.clientKey}
        rows={3}
        autoComplete="off"
        placeholder={'-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----'}
        hint="The certificate's unencrypted private key. Stored encrypted, never shown again."
      />
    </>
  );
}
