// Kubernetes' object name rules (apimachinery IsDNS1123Subdomain and IsDNS1123Label): a namespaced object's name
// (Flux's kinds, ConfigMaps, …) is a subdomain, a namespace's name a label.

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A name the API server accepts for a Flux object (or any object named by a subdomain): at most 253 characters. */
export const isObjectName = (name: string): boolean => name.length <= 253 && DNS1123_SUBDOMAIN.test(name);

/** A namespace's name: a label of at most 63 characters. */
export const isNamespaceName = (name: string): boolean => name.length <= 63 && DNS1123_LABEL.test(name);
