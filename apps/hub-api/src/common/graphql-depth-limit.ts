import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from 'graphql';

/**
 * Refuses operations nested deeper than `max` fields (fragments followed, introspection fields skipped), so
 * one request cannot make the hub walk an unbounded graph once the schema has cycles.
 */
export function depthLimit(max: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depth = (set: SelectionSetNode | undefined, d: number, seen: ReadonlySet<string>): number => {
      if (!set) return d;
      let deepest = d;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (!sel.name.value.startsWith('__')) deepest = Math.max(deepest, depth(sel.selectionSet, d + 1, seen));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depth(sel.selectionSet, d, seen));
        } else {
          const frag = fragments.get(sel.name.value);
          if (frag && !seen.has(frag.name.value)) deepest = Math.max(deepest, depth(frag.selectionSet, d, new Set([...seen, frag.name.value])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const d = depth(node.selectionSet, 0, new Set());
        if (d > max) {
          context.reportError(
            new GraphQLError(`the query nests ${d} levels deep; the limit is ${max}`, { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }),
          );
        }
      },
    };
  };
}
