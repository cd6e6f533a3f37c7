/**
 * PAL008 (warning): a scope inside another scope of the same principal: the inner assignment
 * adds nothing (recognition is the union of scopes, PAL-RULES.md §3) and is one more thing to
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
    const all = index.assignmentsOf(node.principal).flatMap((a) => a.scopes);
    const messages: string[] = [];
    for (const inner of node.scopes) {
      const outer = all.find((s) => s.contains(inner));
      if (outer) messages.push(`scope ${inner.id} lies inside ${outer.id}, which the principal also holds: the inner assignment adds nothing. Remove it`);
    }
    return messages;
  },
};
