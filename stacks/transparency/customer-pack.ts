/**
 * The customer transparency pack: per customer, a document the partner hands to the customer
 * saying who the partner is, exactly what the kit creates in the customer's tenant, what Partner
 * Admin Link does and does not do, how recognition is scoped, how to see and remove everything,
 * and the recorded approval.
 *
 * Each document is a pure function of that one customer's spec (and, for a Lighthouse customer,
 * of the managing tenant's settings that every delegation shares): no date, no path, nothing of
 * another customer, and no secret (a client secret only ever exists in Terraform state).
 *
 * Facts about PAL are Microsoft's, cited by public URL:
 * - PAL_DOC: Microsoft Learn, "Link a partner ID to your account that's used to manage customers"
 *   (its FAQ: PAL adds the partner ID to a credential that already has access, changes no
 *   permissions, shares no new customer data; the customer removes it by removing the
 *   credential's access).
 * - PEC_DOC: Partner Center, "Roles and permissions required to receive partner earned credit".
 * - LIGHTHOUSE_PEC_DOC / LIGHTHOUSE_REMOVE_DOC: Azure Lighthouse, "Link your partner ID to track
 *   your impact on delegated resources" and "Remove access to a delegation".
 */
import { defaultPrincipalDisplayName } from "../../constructs/customer-principal";
import { FEDERATED_CREDENTIAL_AUDIENCE } from "../../constructs/federated-credential";
import { RoleCatalog } from "../../constructs/role-catalog";
import { CustomerSpec, FleetSpec } from "../fleet-spec";
import { LighthouseCustomerSpec, LighthouseSpec } from "../lighthouse-spec";
import { Block, Document, Inline, Section, toHtml, toMarkdown } from "./document";

export const PAL_DOC = "https://learn.microsoft.com/en-us/azure/cost-management-billing/manage/link-partner-id";
export const PEC_DOC = "https://learn.microsoft.com/en-us/partner-center/billing/azure-roles-perms-pec";
export const LIGHTHOUSE_PEC_DOC = "https://learn.microsoft.com/en-us/azure/lighthouse/how-to/partner-earned-credit";
export const LIGHTHOUSE_REMOVE_DOC = "https://learn.microsoft.com/en-us/azure/lighthouse/how-to/remove-delegation";

const code = (c: string): Inline => ({ code: c });
const link = (url: string, text: string): Inline => ({ link: url, text });

/** A role as the pack shows it: name, GUID, and whether it counts for recognition. */
function describeRole(role: string, catalog: RoleCatalog): { name: string; id: string; counts: string } {
  const r = catalog.find(role);
  if (!r) return { name: role, id: "-", counts: "unknown (not a built-in role the kit knows)" };
  const counts = r.pecEligible === true ? "yes" : r.pecEligible === false ? "no" : "unknown (not in the Partner Center table)";
  return { name: r.name, id: r.id, counts };
}

function scopeKind(scope: string): string {
  if (/^\/providers\/Microsoft\.Management\/managementGroups\//i.test(scope)) return "management group (every subscription below it)";
  if (/\/providers\//i.test(scope.replace(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i, "")) && /\/resourceGroups\//i.test(scope)) return "single resource";
  if (/\/resourceGroups\//i.test(scope)) return "resource group";
  return "subscription";
}

function partnerOf(partnerId: string, partnerName: string | undefined): string {
  return partnerName ?? `partner ${partnerId}`;
}

function whoWeAre(partnerId: string, partnerName: string | undefined): Section {
  return {
    title: "Who we are",
    blocks: [
      {
        table: {
          head: ["", ""],
          rows: [
            [["Partner"], [partnerName ?? "(name not given)"]],
            [["Partner ID (Associated Partner ID, Microsoft AI Cloud Partner Program)"], [code(partnerId)]],
          ],
        },
      },
      { p: ["You can check this partner ID with us; it is the only partner identifier this setup uses."] },
    ],
  };
}

function whatPalIs(lighthouse: boolean): Section {
  return {
    title: "What Partner Admin Link does, and does not do",
    blocks: [
      {
        list: [
          [
            "Partner Admin Link (PAL) attaches our partner ID to an identity we use to manage your Azure resources, so that Microsoft can recognise our work on them (",
            link(PAL_DOC, "Microsoft Learn: Link a partner ID"),
            ").",
          ],
          ["It changes no permissions: what the identity may do comes only from the role assignments listed in this document, which you can see and remove at any time."],
          [
            "It collects no new data about you: Microsoft's FAQ says the link only adds the partner ID to a credential that already has access and shares no other Azure service data with the partner or with Microsoft.",
          ],
          ["It does not change your bill, your prices, your contract or who invoices you. We see aggregated recognition in Partner Center, not your resources' contents."],
          lighthouse
            ? [
                "With Azure Lighthouse the linked identity lives in our own (managing) tenant: nothing is linked or created in your tenant except the delegation described below (",
                link(LIGHTHOUSE_PEC_DOC, "Azure Lighthouse and partner earned credit"),
                ").",
              ]
            : ["The link is made by a dedicated identity created for this purpose only; no person's account in your tenant is linked."],
        ],
      },
    ],
  };
}

function approvalSection(approval: CustomerSpec["approval"], partner: string): Section {
  if (!approval) {
    return {
      title: "Your approval",
      blocks: [{ p: [`No approval is recorded yet. Please tell ${partner} whether you approve this setup; we record who approved, when, and where the approval is kept.`] }],
    };
  }
  return {
    title: "Your approval",
    blocks: [
      {
        table: {
          head: ["", ""],
          rows: [
            [["Approved by"], [approval.by]],
            [["Date"], [approval.date]],
            [["Reference"], [approval.reference ?? "(none given)"]],
          ],
        },
      },
    ],
  };
}

function footer(): Section {
  return {
    title: "About this document",
    blocks: [
      {
        p: [
          "Generated by PAL Kit from our manifest, at every synthesis, in the same words each time: if it changes, what we deploy in your tenant changed. It contains no secret: no password, key or token appears in it. Sources: ",
          link(PAL_DOC, PAL_DOC),
          "; ",
          link(PEC_DOC, PEC_DOC),
          ".",
        ],
      },
    ],
  };
}

/** The pack of a customer with a customer-side principal and link. */
export function customerSideDocument(customer: CustomerSpec, catalog = RoleCatalog.default): Document {
  const partner = partnerOf(customer.partnerId, customer.partnerName);
  const cred = customer.credential;
  const existing = cred.type === "none";
  const displayName = customer.displayName ?? defaultPrincipalDisplayName(customer.partnerName ?? customer.partnerId, customer.name);
  const roles = customer.roles.map((r) => describeRole(r, catalog));

  const principalRows: Inline[][][] = existing
    ? [
        [["Identity"], ["An existing service principal you already have (nothing new is created): application (client) ID ", code(cred.clientId), ", object ID ", code(cred.objectId)]],
        [["Credential"], [cred.signIn === "oidc" ? "Its existing federated credential (no secret from us)" : "Its existing credential, managed outside this setup"]],
      ]
    : [
        [["Application and service principal"], ["Display name ", code(displayName), " (an app registration and its enterprise application)"]],
        [
          ["Credential"],
          cred.type === "federated"
            ? [
                "Federated identity credential (workload identity federation): no secret exists. Issuer ",
                code(cred.issuer),
                ", subject ",
                code(cred.subject),
                ", audience ",
                code(cred.audience ?? FEDERATED_CREDENTIAL_AUDIENCE),
              ]
            : [
                "Client secret with a lifetime of ",
                code(cred.lifetime),
                ", replaced before it expires; it is only needed to make the link and is kept in our deployment state, never in this document",
              ],
        ],
        ...(customer.owners.length > 0 ? [[["Additional owners of the app"], customer.owners.flatMap((o, i) => (i === 0 ? [code(o)] : [", ", code(o)]))] as Inline[][]] : []),
      ];

  const assignmentRows: Inline[][][] = [];
  for (const scope of customer.scopes) {
    for (const r of roles) assignmentRows.push([[r.name], [code(r.id)], [code(scope)], [scopeKind(scope)], [r.counts]]);
  }
  const staffBlocks: Block[] = (customer.staff ?? []).length
    ? [
        { p: ["Our staff group(s) in your tenant, with the same scopes:"] },
        {
          table: {
            head: ["Group or user (object ID)", "Name", "Permanent roles", "Roles activated only when needed (PIM)"],
            rows: (customer.staff ?? []).map((s) => [[code(s.principalId)], [s.displayName ?? "-"], [s.permanentRoles.join(", ") || "-"], [s.eligibleRoles.join(", ") || "-"]]),
          },
        },
      ]
    : [];

  const eligible = roles.filter((r) => r.counts === "yes").map((r) => r.name);
  const sections: Section[] = [
    whoWeAre(customer.partnerId, customer.partnerName),
    {
      title: "What is created in your tenant",
      blocks: [
        { p: ["Tenant ", code(customer.tenantId), ". Everything below is created by our deployment and nothing else is:"] },
        { table: { head: ["What", "Details"], rows: principalRows } },
        { p: ["Role assignments of that identity (principal type ServicePrincipal), each role on each scope:"] },
        { table: { head: ["Role", "Role definition ID", "Scope", "Scope type", "Counts for recognition"], rows: assignmentRows } },
        ...staffBlocks,
        {
          p: [
            "The link: the identity itself calls ",
            code(`PUT /providers/Microsoft.ManagementPartner/partners/${customer.partnerId}`),
            " (API version 2018-02-01), which attaches partner ID ",
            code(customer.partnerId),
            " to it and to nothing else. ",
            customer.deleteLinkOnDestroy
              ? "When we remove this setup the link is deleted too."
              : "When we remove this setup the link stays on the identity until the identity is deleted (deleting the identity ends it).",
          ],
        },
      ],
    },
    whatPalIs(false),
    {
      title: "How recognition is scoped",
      blocks: [
        {
          list: [
            [
              "Only resources under the scopes above count, and only through active role assignments of roles that Partner Center lists as eligible (",
              link(PEC_DOC, "Partner Center: roles for partner earned credit"),
              ").",
            ],
            [
              eligible.length > 0
                ? `Of the roles above, these count: ${eligible.join(", ")}. Reader on its own counts for nothing; Support Request Contributor only lets the holder open support requests.`
                : "None of the roles above is listed as eligible: this setup earns no recognition until one is added.",
            ],
            ["Recognition starts and stops with the role assignments: remove one and recognition for that scope ends."],
          ],
        },
      ],
    },
    {
      title: "How to see and remove everything",
      blocks: [
        { p: ["With the Azure CLI, signed in to your tenant (", code(`az login --tenant ${customer.tenantId}`), "):"] },
        {
          commands: [
            existing
              ? `az ad sp show --id ${cred.clientId}`
              : `az ad sp list --display-name "${displayName.replace(/(["\\$`])/g, "\\$1")}" --query "[].{name:displayName, appId:appId, objectId:id}" -o table`,
            `az role assignment list --all --assignee <objectId> -o table`,
          ],
        },
        { p: ["To remove our access, delete the role assignments; to remove everything, delete the application (this also ends the link, because only that identity carries it):"] },
        {
          commands: [
            ...customer.scopes.map((s) => `az role assignment delete --assignee <objectId> --scope "${s}"`),
            existing ? `# the identity is yours: remove its roles above, or delete it if it was made for us only` : `az ad app delete --id <appId>`,
          ],
        },
        { p: ["Tell us first if you can: we then remove it all from our side with ", code(`cdktf destroy ${customer.name}-link ${customer.name}-identity`), "."] },
      ],
    },
    approvalSection(customer.approval, partner),
    footer(),
  ];
  return { title: `Partner Admin Link: what ${partner} sets up for ${customer.name}`, subtitle: [`Prepared for customer `, code(customer.name), `, tenant `, code(customer.tenantId), "."], sections };
}

/** The pack of a customer onboarded through Azure Lighthouse (a delegation, no principal or link in its tenant). */
export function lighthouseDocument(lh: Omit<LighthouseSpec, "customers">, customer: LighthouseCustomerSpec, catalog = RoleCatalog.default): Document {
  const partner = partnerOf(lh.partnerId, lh.partnerName);
  const roleName = (r: string | { name: string }): string => (typeof r === "string" ? (catalog.find(r)?.name ?? r) : r.name);
  const rows: Inline[][][] = [
    ...lh.palRoles.map((r): Inline[][] => [["Our PAL identity (service principal in our tenant)"], [roleName(r)], ["permanent"]]),
    ...lh.authorizations.map((a): Inline[][] => [[a.principalDisplayName ?? "", " ", code(a.principalId)], [roleName(a.role)], ["permanent"]]),
    ...lh.eligibleAuthorizations.map((a): Inline[][] => [
      [a.principalDisplayName ?? "", " ", code(a.principalId)],
      [roleName(a.role)],
      [`only when activated (just in time, up to ${a.justInTime?.maximumActivationDuration ?? "PT8H"})${(a.justInTime?.approvers ?? []).length > 0 ? ", with approval" : ""}`],
    ]),
  ];
  const sections: Section[] = [
    whoWeAre(lh.partnerId, lh.partnerName),
    {
      title: "What is created in your tenant",
      blocks: [
        {
          p: [
            "Tenant ",
            code(customer.tenantId),
            ". No application, service principal or link is created in your tenant. You (an Owner of each subscription) deploy one Azure Lighthouse delegation, offer ",
            code(lh.offerName),
            ", to our managing tenant ",
            code(lh.managingTenantId),
            ", on these scopes:",
          ],
        },
        { list: customer.scopes.map((s) => [code(s), ` (${scopeKind(s)})`]) },
        { p: ["It authorizes, in every scope above:"] },
        { table: { head: ["Who (in our tenant)", "Role", "When"], rows } },
        { p: ["Our PAL identity is linked to partner ID ", code(lh.partnerId), " once, in our own tenant; you see it under Service providers in the Azure portal like the rest of the delegation."] },
      ],
    },
    whatPalIs(true),
    {
      title: "How recognition is scoped",
      blocks: [
        {
          list: [
            [
              "Only resources under the delegated scopes count, through permanent authorizations of roles Partner Center lists as eligible (",
              link(PEC_DOC, "Partner Center: roles for partner earned credit"),
              "); just-in-time roles count only while active.",
            ],
            ["Recognition ends when the delegation is removed."],
          ],
        },
      ],
    },
    {
      title: "How to see and remove everything",
      blocks: [
        { p: ["In the Azure portal: Service providers > Service provider offers. With the Azure CLI, signed in to your tenant:"] },
        { commands: [`az managedservices assignment list --include-definition -o table`, `az managedservices assignment delete --assignment <assignmentId>`] },
        { p: ["Removing the delegation removes all of our access at once (", link(LIGHTHOUSE_REMOVE_DOC, "Azure Lighthouse: Remove access to a delegation"), ")."] },
      ],
    },
    approvalSection(customer.approval, partner),
    footer(),
  ];
  return {
    title: `Partner Admin Link: what ${partner} sets up for ${customer.name}`,
    subtitle: [`Prepared for customer `, code(customer.name), `, tenant `, code(customer.tenantId), " (Azure Lighthouse)."],
    sections,
  };
}

/** One customer's pack: its file name stem, Markdown and HTML. */
export interface CustomerPack {
  readonly customer: string;
  readonly markdown: string;
  readonly html: string;
}

/** Every customer's pack, in manifest order (customer-side first, then Lighthouse customers). */
export function customerPacks(spec: FleetSpec): CustomerPack[] {
  const docs: { name: string; doc: Document }[] = spec.customers.map((c) => ({ name: c.name, doc: customerSideDocument(c) }));
  if (spec.lighthouse) {
    const { customers, ...shared } = spec.lighthouse;
    for (const c of customers) docs.push({ name: c.name, doc: lighthouseDocument(shared, c) });
  }
  return docs.map(({ name, doc }) => ({ customer: name, markdown: toMarkdown(doc), html: toHtml(doc) }));
}
