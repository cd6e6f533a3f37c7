/**
 * PAL010 (error unless acknowledged): a Partner Admin Link is sent without reading it back. An
 * `azapi_resource_action` sends its request only when it is created or replaced and never reads
 * Azure again (shared/reference/azapi-2.12.0/internal_services_azapi_resource_action_resource.go,
 * `Read`), so a link action alone: fails on a principal that is already linked (a second PUT is
 * reported to fail with `PartnerIdAlreadyLinked`, Azure/bicep-types-az #2544), plans "no changes"
 * after the link was deleted or re-pointed, and re-points with PUT where PATCH is documented.
 * {@link ManagementPartnerLink} reads the link back at every plan; library users who compose their
 * own action get this finding.
 */
import { IConstruct } from "constructs";
import { DataAzapiResource } from "../azapi/data-azapi-resource";
import { ResourceAction } from "../azapi/resource-action";
import { ManagementPartnerLink } from "../management-partner-link";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

/** Whether `type` (an azapi `<type>@<version>`) is the ManagementPartner link resource. */
function isLinkType(type: string | undefined): boolean {
  return typeof type === "string" && /^microsoft\.managementpartner\/partners@/i.test(type);
}

/** Whether `link` still has both of its read-backs (a library user could remove them from the tree). */
function readsBack(link: ManagementPartnerLink): boolean {
  const reads = [link.readBack, link.callerLink];
  return reads.every((r) => r instanceof DataAzapiResource && link.node.tryFindChild(r.node.id) === r && r.ignoreNotFoundInput === true);
}

export const linkWithoutReadBack: PalRule = {
  id: RULE_IDS.linkWithoutReadBack,
  severity: "error",
  acknowledgeable: true,
  title: "A Partner Admin Link is read back at every plan before anything is sent",
  check(node: IConstruct) {
    if (!(node instanceof ResourceAction) || !isLinkType(node.typeInput) || node.whenInput === "destroy") return undefined;
    const owner = node.node.scope;
    if (owner instanceof ManagementPartnerLink && owner.link === node && readsBack(owner)) return [];
    return [
      `${node.node.path} sends a Partner Admin Link (${node.methodInput ?? "POST"} ${node.resourceIdInput}) without reading it back: an azapi_resource_action never reads Azure again, ` +
        `so a principal that is already linked fails the first apply, and a link deleted or re-pointed later shows "no changes" at every plan. ` +
        `Use ManagementPartnerLink (it reads the link back at every plan and sends PUT, PATCH or nothing), or acknowledge ${RULE_IDS.linkWithoutReadBack} saying how your stack reads the link back`,
    ];
  },
};
