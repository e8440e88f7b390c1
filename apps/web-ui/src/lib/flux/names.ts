// Names of Flux objects are Kubernetes object names: DNS-1123 subdomains (k8s.io/apimachinery).
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function objectNameError(name: string): string | null {
  if (name === '') return 'Name is required.';
  if (name.length > 253) return 'Name must be at most 253 characters.';
  if (!SUBDOMAIN.test(name))
    return 'Use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit.';
  return null;
}

/** Namespaces (targetNamespace) are DNS-1123 labels. */
export function namespaceError(value: string): string | null {
  if (value === '') return null;
  if (value.length > 63) return 'Namespace must be at most 63 characters.';
  if (!LABEL.test(value))
    return 'Use lowercase letters, digits and "-", starting and ending with a letter or digit.';
  return null;
}

/** A comma- or whitespace-separated list, trimmed, without blanks. */
export function splitList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
