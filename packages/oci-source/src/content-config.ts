// Whether a stored OCIRepository artifact was built with other content settings than the spec asks now: the
// ignore rules and the layer selector are part of what was stored, so a change means pulling again even at the
// same revision (source-controller compares status.observedIgnore and observedLayerSelector).

export interface LayerSelector {
  mediaType?: string | undefined;
  operation?: 'extract' | 'copy' | undefined;
}

export function contentConfigChanged(observed: { observedIgnore?: unknown; observedLayerSelector?: unknown }, ignore: string | undefined, selector: LayerSelector | undefined): boolean {
  const was = (typeof observed.observedLayerSelector === 'object' && observed.observedLayerSelector !== null ? observed.observedLayerSelector : {}) as LayerSelector;
  const wasIgnore = typeof observed.observedIgnore === 'string' ? observed.observedIgnore : undefined;
  return wasIgnore !== ignore || (was.mediaType ?? '') !== (selector?.mediaType ?? '') || (was.operation ?? 'extract') !== (selector?.operation ?? 'extract');
}
