import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from 'graphql';

/**
 * Refuses operations nested deeper than `max` fields (fragments followed, introspection fields skipped), so
 * one request cannot make the hub walk an unbounded graph once the schema has cycles. Each fragment's depth is
 * computed once: a document whose fragments spread the next one several times would otherwise make this rule
 * itself walk an exponential tree.
 */
export function depthLimit(max: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const known = new Map<string, number>();
    const visiting = new Set<string>();
    const fragmentDepth = (name: string): number => {
      const cached = known.get(name);
      if (cached !== undefined) return cached;
      const frag = fragments.get(name);
      // A fragment cycle is reported by graphql's own NoFragmentCyclesRule; here it only must not loop.
      if (!frag || visiting.has(name)) return 0;
      visiting.add(name);
      const d = depth(frag.selectionSet);
      visiting.delete(name);
      known.set(name, d);
      return d;
    };
    const depth = (set: SelectionSetNode | undefined): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (!sel.name.value.startsWith('__')) deepest = Math.max(deepest, 1 + depth(sel.selectionSet));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depth(sel.selectionSet));
        } else {
          deepest = Math.max(deepest, fragmentDepth(sel.name.value));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const d = depth(node.selectionSet);
        if (d > max) {
          context.reportError(
            new GraphQLError(`the query nests ${d} levels deep; the limit is ${max}`, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP', http: { status: 400 } } }),
          );
        }
      },
    };
  };
}
