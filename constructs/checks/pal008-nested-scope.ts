/**
 * PAL008 (warning): a scope inside another scope where the same principal holds the same roles:
 * the inner assignment adds nothing (recognition is the union of scopes, PAL-RULES.md §3) and is one more thing to
 * keep in sync.
 */
import { PecRoleAssignments } from "../pec-role-assignments";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const nestedScope: PalRule = {
  id: RULE_IDS.nestedScope,
  severity: "warning",
  acknowledgeable: true,
  title: "No scope inside another scope of the same principal",
  check(node, { index }) {
    if (!(node instanceof PecRoleAssignments)) return undefined;
    // An outer scope makes an inner one redundant only where it carries every role the inner one has.
    const roleIds = node.roles.map((r) => r.id);
    const covering = index.assignmentsOf(node.principal).filter((a) => roleIds.every((id) => a.roles.some((r) => r.id === id)));
    const outerScopes = covering.flatMap((a) => a.scopes);
    const messages: string[] = [];
    for (const inner of node.scopes) {
      const outer = outerScopes.find((s) => s.contains(inner));
      if (outer) messages.push(`scope ${inner.id} lies inside ${outer.id}, where the principal holds the same roles: the inner assignment adds nothing. Remove it`);
    }
    return messages;
  },
};
