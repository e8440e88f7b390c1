/** Bounds that keep adversarial input (alias bombs, deep nesting, huge files) cheap to reject. */
export interface YamlLimits {
  /** Largest accepted document text in bytes. */
  maxBytes: number;
  /** Deepest accepted nesting of maps and sequences. */
  maxDepth: number;
  /** Most nodes a file may expand to, counting every alias expansion. */
  maxNodes: number;
}

export const defaultYamlLimits: YamlLimits = {
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 256,
  maxNodes: 2_000_000,
};
