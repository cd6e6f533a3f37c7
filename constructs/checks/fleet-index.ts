/**
 * Which links and which role assignments an app holds, keyed by the principal's object ID, so a
 * rule looking at one construct can see the other half of the pairing (they sit in different
 * stacks). Built once per app, on first use.
 */
import { IConstruct } from "constructs";
import { ManagementPartnerLink } from "../management-partner-link";
import { PecRoleAssignments } from "../pec-role-assignments";

const cache = new WeakMap<IConstruct, FleetIndex>();

/** Links and role assignments of one app. */
export class FleetIndex {
  /** The index of the app `node` belongs to. */
  public static of(node: IConstruct): FleetIndex {
    const root = node.node.root;
    let index = cache.get(root);
    if (!index) {
      index = new FleetIndex(root);
      cache.set(root, index);
    }
    return index;
  }

  private readonly links = new Map<string, ManagementPartnerLink[]>();
  private readonly assignments = new Map<string, PecRoleAssignments[]>();

  private constructor(root: IConstruct) {
    for (const c of root.node.findAll()) {
      if (c instanceof ManagementPartnerLink) push(this.links, c.principal.objectId, c);
      else if (c instanceof PecRoleAssignments) push(this.assignments, c.principal.objectId, c);
    }
  }

  /** The links made for the principal with this object ID. */
  public linksOf(principal: { objectId: string }): readonly ManagementPartnerLink[] {
    return this.links.get(principal.objectId) ?? [];
  }

  /** The role assignment constructs for the principal with this object ID. */
  public assignmentsOf(principal: { objectId: string }): readonly PecRoleAssignments[] {
    return this.assignments.get(principal.objectId) ?? [];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
