/**
 * The emulated Azure Resource Manager: the `Microsoft.ManagementPartner` partner link
 * (2018-02-01) and the `Microsoft.Authorization` reads the status command makes: role assignments
 * (2022-04-01), role definitions (2022-04-01), PIM role eligibility schedules, role assignment
 * schedule instances and role assignment schedule requests (activations, 2020-10-01). Response shapes follow the official OpenAPI specs in
 * `../shared/reference/` (tests validate every response against them: __tests__/emulator-spec.test.ts).
 *
 * The partner link belongs to the caller (the token's `tid` + `oid`): `GET .../partners` without an
 * ID returns the caller's link as one object, and IDs come back in lower case
 * (PAL-RULES.md §1, from the Azure CLI and Az PowerShell recordings). `PUT` links the caller,
 * `PATCH` re-points its link, `DELETE` removes it (200, no body); a second `PUT` while linked
 * answers `PartnerIdAlreadyLinked` (the 2025 behaviour, Azure/bicep-types-az #2544 — tools read
 * first and PATCH). A caller with no object in the tenant (a CSP AOBO/GDAP foreign principal) cannot
 * link (Partner-Center-PowerShell #277); the emulator answers 403 `ForeignPrincipalNotSupported`,
 * a code of its own (the real code is not documented).
 *
 * `GET /tenants` (Microsoft.Resources 2022-12-01, Tenants_List) lists the directories the calling
 * person has an account in. The Resources spec is not in ../shared/reference, so this one answer
 * is shape-checked by the staff tests only (fields of `TenantIdDescription`), not against a spec.
 *
 * `$filter=assignedTo('{id}')` returns the principal's assignments and those of its groups, as the
 * Authorization API documents for that filter; `principalId eq '{id}'` only its own.
 */
import { EmulatorRequest, EmulatorResponse, armError, json } from "./http";
import { EmulatorModel, derivedGuid, scopeContains } from "./model";
import { EmulatedLink, EmulatedRoleAssignment } from "./state";

const PARTNERS = /^\/providers\/microsoft\.managementpartner\/partners(?:\/([^/]+))?$/i;
const AUTHORIZATION = /^(.*)\/providers\/microsoft\.authorization\/(roleassignments|roledefinitions|roleeligibilityschedules|roleassignmentscheduleinstances|roleassignmentschedulerequests)(?:\/([^/]+))?$/i;
const API_VERSIONS: Record<string, string> = {
  partners: "2018-02-01",
  roleassignments: "2022-04-01",
  roledefinitions: "2022-04-01",
  roleeligibilityschedules: "2020-10-01",
  roleassignmentscheduleinstances: "2020-10-01",
  roleassignmentschedulerequests: "2020-10-01",
};
const CREATED = "2026-01-01T00:00:00.0000000Z";

/** A link as ARM returns it. */
function linkBody(tenantId: string, objectId: string, link: EmulatedLink) {
  const id = link.partnerId;
  const updated = link.updatedTime ?? "2026-01-01T00:00:00Z";
  return {
    id: `/providers/microsoft.managementpartner/partners/${id}`,
    name: id,
    type: "Microsoft.ManagementPartner/partners",
    etag: link.version ?? 1,
    properties: {
      partnerId: id,
      partnerName: link.partnerName ?? `Partner ${id}`,
      tenantId: tenantId.toLowerCase(),
      objectId: objectId.toLowerCase(),
      version: link.version ?? 1,
      updatedTime: updated,
      createdTime: link.createdTime ?? updated,
      state: link.state ?? "Active",
    },
  };
}

/** The subscription a scope lies in, for role definition IDs (`undefined` for management groups). */
function subscriptionOf(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
}

/** `principalId eq '<id>'` or `assignedTo('<id>')` (which includes the principal's groups), as the Authorization APIs accept in `$filter`. */
function filteredPrincipals(model: EmulatorModel, tenantId: string, filter: string | null): Set<string> | undefined {
  if (!filter) return undefined;
  const direct = /principalId\s+eq\s+'([^']+)'/i.exec(filter);
  if (direct) return new Set([direct[1].toLowerCase()]);
  const assignedTo = /assignedTo\('([^']+)'\)/i.exec(filter);
  if (!assignedTo) return undefined;
  const id = assignedTo[1].toLowerCase();
  return new Set([id, ...model.groupsOf(tenantId, id)]);
}

const TENANTS = /^\/tenants$/i;

/** Tenants_List: the directories the calling person has an account in (members and guests). */
function listTenants(model: EmulatorModel, upn: string | undefined): EmulatorResponse {
  const ids = upn ? model.tenantIds().filter((t) => { const u = model.userBySignInName(t, upn); return u !== undefined && u.kind !== "foreign"; }) : [];
  return json(200, {
    value: ids.map((t) => {
      const tenant = model.tenant(t);
      const domain = tenant.defaultDomain ?? `${t.slice(0, 8)}.onmicrosoft.com`;
      return { id: `/tenants/${t}`, tenantId: t, tenantCategory: "Home", displayName: tenant.displayName ?? `Tenant ${t}`, defaultDomain: domain, domains: [domain], tenantType: "AAD" };
    }),
  });
}

/** The partner link operations: the caller's own link only (PAL-RULES.md §1). */
function handlePartners(model: EmulatorModel, req: EmulatorRequest, caller: { tid: string; oid: string }, wanted: string | undefined): EmulatorResponse {
  const notFound = (why: string) => json(404, { error: { code: "PartnerNotFound", message: why }, code: "PartnerNotFound", message: "Partner not found." });
  const link = model.linkOf(caller.tid, caller.oid);
  const body = () => linkBody(caller.tid, caller.oid, model.linkOf(caller.tid, caller.oid)!);
  if (req.method === "GET") {
    if (!link || (wanted !== undefined && wanted !== link.partnerId)) return notFound(wanted ? `Partner ${wanted} is not linked to the caller.` : "The caller has no linked partner.");
    return json(200, body());
  }
  if (!wanted) return armError(405, "MethodNotAllowed", `${req.method} needs a partner ID in the path.`);
  if (req.method !== "DELETE" && !/^\d{1,10}$/.test(wanted)) return json(400, { error: { code: "PartnerIdInvalid", message: `'${wanted}' is not a valid partner ID.` }, code: "PartnerIdInvalid", message: "Invalid partner ID." });
  if (!model.hasObject(caller.tid, caller.oid)) {
    return json(403, { error: { code: "ForeignPrincipalNotSupported", message: `The caller ${caller.oid} has no object in tenant ${caller.tid} (a foreign / CSP principal) and cannot be linked.` }, code: "ForeignPrincipalNotSupported", message: "The caller cannot be linked." });
  }
  const now = new Date().toISOString();
  switch (req.method) {
    case "PUT":
      if (link) return json(409, { error: { code: "PartnerIdAlreadyLinked", message: `The caller is already linked to partner ${link.partnerId}; use PATCH to change it.` }, code: "PartnerIdAlreadyLinked", message: "Already linked." });
      model.setLink(caller.tid, caller.oid, { partnerId: wanted, version: 1, createdTime: now, updatedTime: now });
      return json(200, body());
    case "PATCH":
      if (!link) return notFound("The caller has no linked partner to update.");
      model.setLink(caller.tid, caller.oid, { ...link, partnerId: wanted, partnerName: undefined, version: (link.version ?? 1) + 1, updatedTime: now });
      return json(200, body());
    case "DELETE":
      if (!link || link.partnerId !== wanted) return notFound(`Partner ${wanted} is not linked to the caller.`);
      model.setLink(caller.tid, caller.oid, undefined);
      return { status: 200 };
  }
  return armError(405, "MethodNotAllowed", `The emulator does not serve ${req.method} of a partner link.`);
}

export function handleArm(model: EmulatorModel, req: EmulatorRequest): EmulatorResponse {
  const caller = model.caller(req.headers.authorization);
  if (!caller) return armError(401, "InvalidAuthenticationToken", "The access token is missing, invalid or expired.");
  const path = decodeURIComponent(req.path);
  if (TENANTS.test(path)) {
    if (req.query.get("api-version") !== "2022-12-01") return armError(400, "InvalidApiVersionParameter", `The api-version '${req.query.get("api-version")}' is invalid. The supported version is '2022-12-01'.`);
    return req.method === "GET" ? listTenants(model, caller.upn) : armError(405, "MethodNotAllowed", "Tenants are read-only.");
  }
  const partners = PARTNERS.exec(path);
  const authz = partners ? undefined : AUTHORIZATION.exec(path);
  const kind = partners ? "partners" : authz?.[2].toLowerCase();
  if (!kind) return armError(404, "NoRegisteredProviderFound", `The emulator does not serve ${req.method} ${req.path}.`);
  const apiVersion = req.query.get("api-version");
  if (apiVersion !== API_VERSIONS[kind]) {
    return armError(400, "InvalidApiVersionParameter", `The api-version '${apiVersion}' is invalid. The supported version is '${API_VERSIONS[kind]}'.`);
  }
  if (partners) return handlePartners(model, req, caller, partners[1]);
  if (req.method !== "GET") return armError(405, "MethodNotAllowed", `The emulator serves only reads of ${kind}; the kit never writes roles.`);

  const scope = authz![1] || "/";
  const name = authz![3];
  const tenant = caller.tid;
  const roleDefinitionId = (roleId: string) => (subscriptionOf(scope) ? `/subscriptions/${subscriptionOf(scope)}` : "") + `/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
  const principalIds = filteredPrincipals(model, tenant, req.query.get("$filter"));
  // ARM lists assignments at, above and below the scope (`atScope()` only at and above).
  const atScopeOnly = /atScope\(\)/i.test(req.query.get("$filter") ?? "");
  const relevant = (a: { scope: string; principalId: string }) =>
    (principalIds === undefined || principalIds.has(a.principalId.toLowerCase())) && (scopeContains(a.scope, scope) || (!atScopeOnly && scopeContains(scope, a.scope)));
  const assignmentName = (a: Pick<EmulatedRoleAssignment, "scope" | "role" | "principalId" | "name">) => (a.name ?? derivedGuid(`${a.scope.toLowerCase()}/${model.role(tenant, a.role).id}/${a.principalId.toLowerCase()}`)).toLowerCase();
  // A role assignment, eligibility schedule, schedule instance or schedule request as ARM returns it: the envelope and the properties they share.
  const assignmentResource = (
    a: Pick<EmulatedRoleAssignment, "scope" | "role" | "principalId" | "principalType" | "name">,
    collection: "roleAssignments" | "roleEligibilitySchedules" | "roleAssignmentScheduleInstances" | "roleAssignmentScheduleRequests",
    properties: Record<string, unknown>,
    n = assignmentName(a),
  ) => ({
    id: `${a.scope}/providers/Microsoft.Authorization/${collection}/${n}`,
    name: n,
    type: `Microsoft.Authorization/${collection}`,
    properties: { scope: a.scope, roleDefinitionId: roleDefinitionId(model.role(tenant, a.role).id), principalId: a.principalId.toLowerCase(), principalType: a.principalType ?? "ServicePrincipal", ...properties },
  });
  const now = Date.now();

  switch (kind) {
    case "roledefinitions": {
      if (!name) return armError(405, "MethodNotAllowed", "The emulator serves role definitions by ID only.");
      const role = model.role(tenant, name);
      return json(200, {
        id: roleDefinitionId(role.id),
        name: role.id,
        type: "Microsoft.Authorization/roleDefinitions",
        properties: {
          roleName: role.name,
          type: role.builtIn ? "BuiltInRole" : "CustomRole",
          description: role.builtIn ? `Built-in role ${role.name}` : `Custom role ${role.name}`,
          assignableScopes: ["/"],
          permissions: [{ actions: [], notActions: [], dataActions: [], notDataActions: [] }],
          createdOn: CREATED,
          updatedOn: CREATED,
        },
      });
    }
    case "roleassignments": {
      if (name) return armError(405, "MethodNotAllowed", "The emulator lists role assignments; get by name is not used by status.");
      const active = model.assignments(tenant).filter((a) => (a.type ?? "assigned") === "assigned" && relevant(a));
      // An activated PIM assignment is a role assignment while its window is open.
      const activated = model
        .scheduleInstances(tenant)
        .filter((s) => Date.parse(s.start) <= now && now < Date.parse(s.end) && relevant(s))
        .map((s): EmulatedRoleAssignment => ({ scope: s.scope, role: s.role, principalId: s.principalId, name: derivedGuid(`activated/${s.scope}/${s.role}/${s.principalId}/${s.start}`) }));
      return json(200, {
        value: [...active, ...activated].map((a) => assignmentResource(a, "roleAssignments", { createdOn: CREATED, updatedOn: CREATED })),
      });
    }
    case "roleeligibilityschedules": {
      const eligible = model.assignments(tenant).filter((a) => a.type === "eligible" && relevant(a));
      return json(200, {
        value: eligible.map((a) =>
          assignmentResource(a, "roleEligibilitySchedules", {
            roleEligibilityScheduleRequestId: `${a.scope}/providers/Microsoft.Authorization/roleEligibilityScheduleRequests/${assignmentName(a)}`,
            memberType: "Direct",
            status: "Provisioned",
            startDateTime: CREATED,
            createdOn: CREATED,
            updatedOn: CREATED,
          }),
        ),
      });
    }
    case "roleassignmentscheduleinstances": {
      const permanent = model.assignments(tenant).filter((a) => (a.type ?? "assigned") === "assigned" && relevant(a));
      const windows = model.scheduleInstances(tenant).filter((s) => relevant(s) && !s.requestOnly);
      const item = (a: Pick<EmulatedRoleAssignment, "scope" | "role" | "principalId" | "principalType">, n: string, type: "Assigned" | "Activated", start: string, end: string | undefined) =>
        assignmentResource(
          a,
          "roleAssignmentScheduleInstances",
          {
            roleAssignmentScheduleId: `${a.scope}/providers/Microsoft.Authorization/roleAssignmentSchedules/${n}`,
            originRoleAssignmentId: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${n}`,
            status: "Provisioned",
            startDateTime: start,
            ...(end ? { endDateTime: end } : {}),
            assignmentType: type,
            memberType: "Direct",
            createdOn: CREATED,
          },
          n,
        );
      return json(200, {
        value: [
          ...permanent.map((a) => item(a, assignmentName(a), "Assigned", CREATED, undefined)),
          ...windows.map((s) => item(s, derivedGuid(`instance/${s.scope}/${s.role}/${s.principalId}/${s.start}`), "Activated", s.start, s.end)),
        ],
      });
    }
    case "roleassignmentschedulerequests": {
      // Each activation window is a SelfActivate request for its duration (PIM's activation history).
      const windows = model.scheduleInstances(tenant).filter(relevant);
      return json(200, {
        value: windows.map((s) => {
          const n = derivedGuid(`request/${s.scope}/${s.role}/${s.principalId}/${s.start}`);
          const minutes = Math.round((Date.parse(s.end) - Date.parse(s.start)) / 60_000);
          return assignmentResource(
            s,
            "roleAssignmentScheduleRequests",
            {
              requestType: "SelfActivate",
              status: "Provisioned",
              scheduleInfo: { startDateTime: s.start, expiration: { type: "AfterDuration", duration: `PT${Math.floor(minutes / 60)}H${minutes % 60 ? `${minutes % 60}M` : ""}` } },
              justification: "Emulated activation",
              createdOn: s.start,
            },
            n,
          );
        }),
      });
    }
  }
  return armError(404, "NotFound", `${req.path} not found`);
}
