/**
 * PAL020 (error, not acknowledgeable): a Lighthouse delegation must give a linked principal of the
 * managing tenant at least one **permanent** PEC-eligible authorization. An eligible (just-in-time)
 * authorization does not earn recognition (PAL-RULES.md §5; Microsoft Learn "Link your partner ID
 * to track your impact on delegated resources").
 */
import { LighthouseDelegation } from "../lighthouse-delegation";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const lighthouseNoPermanentPecRole: PalRule = {
  id: RULE_IDS.lighthouseNoPermanentPecRole,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "give the linked PAL principal a permanent PEC-eligible authorization (Support Request Contributor, the default): without it the delegation earns nothing",
  title: "A Lighthouse delegation gives a linked principal a permanent PEC-eligible authorization",
  check(node, { index }) {
    if (!(node instanceof LighthouseDelegation)) return undefined;
    const everyone = [...node.authorizations, ...node.eligibleAuthorizations];
    const linked = new Set(everyone.map((a) => a.principalId).filter((id) => index.linksOf({ objectId: id }).length > 0));
    if (node.palPrincipal) linked.add(node.palPrincipal.objectId);
    if (linked.size === 0) {
      return [
        "no principal of this delegation is linked to a partner ID, so the delegated work earns no recognition. " +
          "Give the delegation palPrincipal (the principal linked once in the managing tenant, ManagingTenantLink)",
      ];
    }
    const earning = node.authorizations.some((a) => linked.has(a.principalId) && a.role.pecEligible === true);
    if (earning) return [];
    const eligibleOnly = node.eligibleAuthorizations.filter((e) => linked.has(e.principalId) && e.role.pecEligible === true).map((e) => e.role.name);
    const held = node.authorizations.filter((a) => linked.has(a.principalId)).map((a) => a.role.name);
    return [
      `the linked principal has no permanent PEC-eligible authorization (permanent: ${held.length > 0 ? held.join(", ") : "none"}` +
        `${eligibleOnly.length > 0 ? `; only eligible: ${eligibleOnly.join(", ")}, which earns nothing while not activated` : ""}). ` +
        "Give it Support Request Contributor permanently (palRoles)",
    ];
  },
};
