/**
 * The Lighthouse delegations and PIM assignments of an app, for rules that look at one construct
 * and need the others (the managing-tenant link and the delegations sit in different stacks).
 * Built once per app, on first use, like {@link FleetIndex}.
 */
import { IConstruct } from "constructs";
import { LighthouseDelegation } from "../lighthouse-delegation";
import { StaffAccess } from "../staff-access";

const cache = new WeakMap<IConstruct, LighthouseIndex>();

/** Delegations and staff access of one app. */
export class LighthouseIndex {
  /** The index of the app `node` belongs to. */
  public static of(node: IConstruct): LighthouseIndex {
    const root = node.node.root;
    let index = cache.get(root);
    if (!index) {
      index = new LighthouseIndex(root);
      cache.set(root, index);
    }
    return index;
  }

  /** Every delegation of the app. */
  public readonly delegations: readonly LighthouseDelegation[];
  /** Every staff access of the app. */
  public readonly staff: readonly StaffAccess[];

  private constructor(root: IConstruct) {
    const all = root.node.findAll();
    this.delegations = all.filter((c): c is LighthouseDelegation => c instanceof LighthouseDelegation);
    this.staff = all.filter((c): c is StaffAccess => c instanceof StaffAccess);
  }

  /** The delegations with a permanent or eligible authorization for the principal with this object ID. */
  public delegationsAuthorizing(principal: { objectId: string }): readonly LighthouseDelegation[] {
    return this.delegations.filter((d) => [...d.authorizations, ...d.eligibleAuthorizations].some((a) => a.principalId === principal.objectId));
  }
}
