/**
 * Which links and which role assignments an app holds, keyed by the principal's object ID, so a
 * rule looking at one construct can see the other half of the pairing (they sit in different
 * stacks). Built once per app, on first use.
 *
 * Given the construct asking (`of`), only the same customer's constructs are returned: when two
 * customers name one existing principal, each customer's findings stay its own (PAL013 reports
 * the sharing itself), instead of one customer's roles hiding the other's PAL001.
 */
import { IConstruct } from "constructs";
import { LighthouseDelegation } from "../lighthouse-delegation";
import { ManagementPartnerLink } from "../management-partner-link";
import { PecRoleAssignments } from "../pec-role-assignments";

const cache = new WeakMap<IConstruct, FleetIndex>();

/** CUSTOMER_CONTEXT_KEY of pal-checks.ts (not imported from there: that module imports this one). */
const CUSTOMER_KEY = "pal:customer";

/** The customer a construct belongs to (its stacks carry the name as context), if any. */
export function customerOf(node: IConstruct): string | undefined {
  return node.node.tryGetContext(CUSTOMER_KEY) as string | undefined;
}

/** Links, role assignments and Lighthouse delegations of one app (one walk of its tree). */
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

  /** Every role assignment construct of the app, in tree order. */
  public readonly allAssignments: readonly PecRoleAssignments[];
  /** Every Lighthouse delegation of the app, in tree order. */
  public readonly delegations: readonly LighthouseDelegation[];
  private readonly links = new Map<string, ManagementPartnerLink[]>();
  private readonly assignments = new Map<string, PecRoleAssignments[]>();

  private constructor(root: IConstruct) {
    const allAssignments: PecRoleAssignments[] = [];
    const delegations: LighthouseDelegation[] = [];
    for (const c of root.node.findAll()) {
      if (c instanceof ManagementPartnerLink) push(this.links, c.principal.objectId, c);
      else if (c instanceof PecRoleAssignments) {
        push(this.assignments, c.principal.objectId, c);
        allAssignments.push(c);
      } else if (c instanceof LighthouseDelegation) delegations.push(c);
    }
    this.allAssignments = allAssignments;
    this.delegations = delegations;
  }

  /** The delegations with a permanent or eligible authorization for the principal with this object ID. */
  public delegationsAuthorizing(principal: { objectId: string }): readonly LighthouseDelegation[] {
    return this.delegations.filter((d) => [...d.authorizations, ...d.eligibleAuthorizations].some((a) => a.principalId === principal.objectId));
  }

  /** The links made for the principal with this object ID (with `of`: those of `of`'s customer). */
  public linksOf(principal: { objectId: string }, of?: IConstruct): readonly ManagementPartnerLink[] {
    return sameCustomer(this.links.get(principal.objectId) ?? [], of);
  }

  /** The role assignment constructs for the principal with this object ID (with `of`: those of `of`'s customer). */
  public assignmentsOf(principal: { objectId: string }, of?: IConstruct): readonly PecRoleAssignments[] {
    return sameCustomer(this.assignments.get(principal.objectId) ?? [], of);
  }

  /** The links of the same principal (object ID and tenant) made for other customers than `link`'s. */
  public linksOfOtherCustomers(link: ManagementPartnerLink): readonly ManagementPartnerLink[] {
    const customer = customerOf(link);
    return (this.links.get(link.principal.objectId) ?? []).filter((l) => l !== link && customerOf(l) !== customer && l.principal.tenantId === link.principal.tenantId);
  }
}

function sameCustomer<T extends IConstruct>(list: readonly T[], of: IConstruct | undefined): readonly T[] {
  if (!of) return list;
  const customer = customerOf(of);
  return list.filter((c) => customerOf(c) === customer);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
