/**
 * The Azure Lighthouse stacks of a fleet and the customer-side staff access:
 *
 * - `managing-tenant-identity`: the PAL principal, created once in the managing (partner) tenant,
 *   with its credential (the kit's {@link CustomerPrincipal}, pointed at the managing tenant);
 * - `managing-tenant-link`: its Partner Admin Link, sent signed in as it ({@link ManagingTenantLink});
 * - `<customer>-delegation` per Lighthouse customer: the {@link LighthouseDelegation} of its
 *   subscriptions and resource groups; the synthesis also writes the ARM template and parameters
 *   file the customer can deploy instead, `cdktf.out/lighthouse/<customer>.template.json` and
 *   `<customer>.parameters.json`;
 * - staff of customer-side customers: {@link StaffAccess} inside `<customer>-identity`, which
 *   already runs with the customer admin's identity.
 *
 * Why two managing-tenant stacks: the same reason as `<customer>-identity` / `<customer>-link`
 * (link-stack.ts): the linking provider needs the principal's credentials known at plan time.
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { ISynthesisSession, TerraformOutput, TerraformStack } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { Acknowledgements } from "../constructs/checks/acknowledgements";
import { CUSTOMER_CONTEXT_KEY } from "../constructs/checks/pal-checks";
import { CustomerPrincipal, ICustomerPrincipal } from "../constructs/customer-principal";
import { ILighthousePrincipal, LighthouseDelegation } from "../constructs/lighthouse-delegation";
import { lighthouseArmTemplate } from "../constructs/lighthouse-template";
import { ManagingTenantLink } from "../constructs/managing-tenant-link";
import { StaffAccess } from "../constructs/staff-access";
import { configureBackend } from "./backend";
import { addCustomerAzurermProvider } from "./customer-azurerm-provider";
import { addExistingPrincipal } from "./existing-principal";
import { CustomerStacks } from "./customer-stacks";
import { BackendSpec, CustomerSpec, FleetSpec } from "./fleet-spec";
import { LighthouseCustomerSpec, LighthouseSpec, MANAGING_TENANT_NAME, MANAGING_TENANT_STACKS, delegationStackName } from "./lighthouse-spec";

export { MANAGING_TENANT_NAME, MANAGING_TENANT_STACKS, delegationStackName } from "./lighthouse-spec";
/** The folder of the output directory that holds the customers' onboarding templates. */
export const LIGHTHOUSE_OUTPUT_DIR = "lighthouse";

/** Where a Lighthouse customer's onboarding template and parameters file are written, relative to the output directory. */
export function lighthouseOnboardingFiles(customerName: string): { readonly template: string; readonly parameters: string } {
  return { template: `${LIGHTHOUSE_OUTPUT_DIR}/${customerName}.template.json`, parameters: `${LIGHTHOUSE_OUTPUT_DIR}/${customerName}.parameters.json` };
}


/** The display name of the managing tenant's PAL principal. */
export function managingPrincipalDisplayName(partner: string): string {
  return `PAL (Partner Admin Link) for ${partner} - Azure Lighthouse`;
}

/** Props of the managing-tenant stacks. */
export interface ManagingTenantStackProps {
  /** The Lighthouse part of the fleet. */
  readonly lighthouse: LighthouseSpec;
  /**
   * Where the stack keeps its state.
   * @default local state
   */
  readonly backend?: BackendSpec;
}

/** `managing-tenant-identity`: the PAL principal of the managing tenant. */
export class ManagingTenantIdentityStack extends TerraformStack {
  /** The principal. */
  public readonly principal: ICustomerPrincipal;

  constructor(scope: Construct, id: string, props: ManagingTenantStackProps) {
    super(scope, id);
    this.node.setContext(CUSTOMER_CONTEXT_KEY, MANAGING_TENANT_NAME);
    const lh = props.lighthouse;
    configureBackend(this, props.backend ?? { type: "local" });
    const credential = lh.credential;
    if (credential.type === "none") {
      // As for a customer's existing principal: the plan fails unless the IDs are one Application service principal.
      this.principal = addExistingPrincipal(this, credential, lh.managingTenantId).principal;
    } else {
      new AzureadProvider(this, "azuread", { tenantId: lh.managingTenantId });
      this.principal = new CustomerPrincipal(this, "principal", {
        customerName: MANAGING_TENANT_NAME,
        tenantId: lh.managingTenantId,
        partnerId: lh.partnerId,
        partnerName: lh.partnerName,
        displayName: lh.displayName ?? managingPrincipalDisplayName(lh.partnerName ?? lh.partnerId),
        owners: lh.owners,
        credential: credential.type === "password" ? { type: "password", lifetime: credential.lifetime } : credential,
      });
    }
    new TerraformOutput(this, "client_id", { value: this.principal.clientId, description: "Application (client) ID of the managing tenant's PAL principal." });
    new TerraformOutput(this, "object_id", {
      value: this.principal.objectId,
      description: "Object ID of the managing tenant's PAL principal: the palPrincipalObjectId of every customer's Lighthouse onboarding template.",
    });
  }
}

/** `managing-tenant-link`: the one Partner Admin Link of a Lighthouse partner. */
export class ManagingTenantLinkStack extends TerraformStack {
  /** The link. */
  public readonly link: ManagingTenantLink;

  constructor(scope: Construct, id: string, props: ManagingTenantStackProps & { readonly principal: ICustomerPrincipal }) {
    super(scope, id);
    this.node.setContext(CUSTOMER_CONTEXT_KEY, MANAGING_TENANT_NAME);
    configureBackend(this, props.backend ?? { type: "local" });
    this.link = new ManagingTenantLink(this, "managing-tenant", {
      principal: props.principal,
      partnerId: props.lighthouse.partnerId,
      deleteOnDestroy: props.lighthouse.deleteLinkOnDestroy,
    });
    new TerraformOutput(this, "object_id", { value: this.link.link.linkedObjectId, description: "Object ID Azure linked: the managing tenant's PAL principal." });
    new TerraformOutput(this, "partner_id", { value: this.link.link.linkedPartnerId, description: "Partner ID Azure recorded for the link." });
  }
}

/** Props of {@link DelegationStack}. */
export interface DelegationStackProps {
  /** The Lighthouse part of the fleet. */
  readonly lighthouse: LighthouseSpec;
  /** The customer. */
  readonly customer: LighthouseCustomerSpec;
  /** The linked principal of the managing tenant. */
  readonly palPrincipal: ILighthousePrincipal;
  /**
   * Where the stack keeps its state.
   * @default local state
   */
  readonly backend?: BackendSpec;
}

/** `<customer>-delegation`: a Lighthouse customer's delegation, applied by someone with Owner on its subscriptions. */
export class DelegationStack extends TerraformStack {
  /** The delegation. */
  public readonly delegation: LighthouseDelegation;

  constructor(scope: Construct, id: string, props: DelegationStackProps) {
    super(scope, id);
    const { lighthouse: lh, customer } = props;
    this.node.setContext(CUSTOMER_CONTEXT_KEY, customer.name);
    configureBackend(this, props.backend ?? { type: "local" });
    addCustomerAzurermProvider(this, customer.tenantId, customer.subscriptionId);
    this.delegation = new LighthouseDelegation(this, "delegation", {
      managingTenantId: lh.managingTenantId,
      customerTenantId: customer.tenantId,
      scopes: customer.scopes,
      offerName: lh.offerName,
      description: lh.description,
      palPrincipal: props.palPrincipal,
      palRoles: lh.palRoles,
      authorizations: lh.authorizations,
      eligibleAuthorizations: lh.eligibleAuthorizations,
      nameSeed: `lighthouse/${customer.name}`,
    });
    for (const sub of this.delegation.subscriptions) {
      new TerraformOutput(this, `definition_${sub.subscriptionId.replace(/-/g, "_")}`, {
        value: sub.definition.id,
        description: `The Lighthouse definition in subscription ${sub.subscriptionId}.`,
      });
    }
    // The customer's self-service alternative, written into the (staging) output directory on every successful synthesis.
    const files = lighthouseArmTemplate(this.delegation, { palPrincipalObjectIdSource: `terraform output object_id of ${MANAGING_TENANT_STACKS.identity}` });
    // Wraps the stack's synthesizer (public API): the files land in the same (staging) directory as the stack.
    const synthesizeTerraform = this.synthesizer;
    this.synthesizer = {
      synthesize: (session: ISynthesisSession) => {
        synthesizeTerraform.synthesize(session);
        const out = lighthouseOnboardingFiles(customer.name);
        fs.mkdirSync(path.join(session.outdir, LIGHTHOUSE_OUTPUT_DIR), { recursive: true });
        fs.writeFileSync(path.join(session.outdir, out.template), JSON.stringify(files.template, null, 2) + "\n");
        fs.writeFileSync(path.join(session.outdir, out.parameters), JSON.stringify(files.parameters, null, 2) + "\n");
      },
    };
  }
}

/** The stacks {@link addLighthouseStacks} added. */
export interface LighthouseStacks {
  /** `managing-tenant-identity`. */
  readonly identity: ManagingTenantIdentityStack;
  /** `managing-tenant-link`. */
  readonly link: ManagingTenantLinkStack;
  /** `<customer>-delegation`, in manifest order. */
  readonly delegations: readonly DelegationStack[];
}

/** Adds the managing-tenant stack pair and one delegation stack per Lighthouse customer. */
export function addLighthouseStacks(app: Construct, lighthouse: LighthouseSpec, backend: BackendSpec): LighthouseStacks {
  const identity = new ManagingTenantIdentityStack(app, MANAGING_TENANT_STACKS.identity, { lighthouse, backend });
  const link = new ManagingTenantLinkStack(app, MANAGING_TENANT_STACKS.link, { lighthouse, backend, principal: identity.principal });
  link.addDependency(identity);
  const delegations = lighthouse.customers.map((customer) => {
    const stack = new DelegationStack(app, delegationStackName(customer.name), { lighthouse, customer, palPrincipal: identity.principal, backend });
    // The delegation names the principal, which must exist (and be linked) first.
    stack.addDependency(link);
    for (const { rule, reason } of customer.acknowledgements) Acknowledgements.add(stack, rule, reason);
    return stack;
  });
  return { identity, link, delegations };
}

/** Adds a customer's staff (permanent and PIM-eligible roles) to its identity stack. */
export function addStaffAccess(stacks: CustomerStacks, customer: CustomerSpec): StaffAccess[] {
  return (customer.staff ?? []).map(
    (staff) =>
      new StaffAccess(stacks.identity, `staff-${staff.principalId}`, {
        principalId: staff.principalId,
        principalType: staff.principalType,
        scopes: customer.scopes,
        permanentRoles: staff.permanentRoles,
        eligibleRoles: staff.eligibleRoles,
        justification: staff.justification,
        ticket: staff.ticket,
        schedule: staff.schedule,
        nameSeed: `staff/${customer.name}/${staff.principalId}`,
      }),
  );
}

/** The names of the stacks {@link addLighthouseStacks} adds for `spec` (the managing tenant's pair, then the delegations). */
export function lighthouseStackNames(spec: FleetSpec): string[] {
  if (!spec.lighthouse) return [];
  return [MANAGING_TENANT_STACKS.identity, MANAGING_TENANT_STACKS.link, ...spec.lighthouse.customers.map((c) => delegationStackName(c.name))];
}
