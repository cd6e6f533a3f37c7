/**
 * The emulator's staff-linking answers are ones Azure could give: every ARM response while
 * link-staff runs every scenario (PUT, PATCH, DELETE of links included) is validated against the
 * official OpenAPI specs in ../shared/reference, strictly, as __tests__/emulator-spec.test.ts does
 * for status. `GET /tenants` (Microsoft.Resources Tenants_List) has no spec there: it is checked
 * for the fields of the spec's TenantIdDescription instead, and counted, so it cannot hide others.
 */
import { managementPartnerClient } from "../status/azure-clients";
import { linkStaff } from "../staff/link-staff";
import { signInPerson } from "../staff/sign-in";
import { Emulator } from "../tools/emulator/emulator";
import { EMULATED_SPEC_FILES, OpenApiValidator } from "../tools/emulator/openapi-validator";
import { findSharedReference } from "../tools/shared-reference";
import { emulatorClientOptions } from "./support/status-emulator";
import { HOME, PARTNER_ID, T, staffState, staffTargets } from "./support/staff-scenarios";

const reference = findSharedReference();
const describeWithSpecs = reference ? describe : describe.skip;
if (!reference) console.warn("SKIPPED staff emulator-spec tests: ../shared/reference not found (set PAL_SHARED_REFERENCE)");

describeWithSpecs("staff-linking emulator responses match the official OpenAPI specs", () => {
  test("every ARM response of link-staff runs (link, relink, dry run, delete) is valid", async () => {
    const strict = new OpenApiValidator(reference!, EMULATED_SPEC_FILES, true);
    const emulator = await Emulator.start(staffState());
    const clients = emulatorClientOptions(emulator);
    try {
      const person = await signInPerson({ clients, prompt: () => undefined });
      await linkStaff(staffTargets(), { clients, person, dryRun: true });
      await linkStaff(staffTargets(), { clients, person });
      await linkStaff(staffTargets(), { clients, person, relink: true });
      // PUT while linked (PartnerIdAlreadyLinked), DELETE, DELETE again (404).
      const own = managementPartnerClient(person.credentialFor(staffTargets(["fresh"])[0].tenantId), clients);
      await expect(own.partner.create(PARTNER_ID)).rejects.toMatchObject({ statusCode: 409 });
      await own.partner.delete(PARTNER_ID);
      await expect(own.partner.delete(PARTNER_ID)).rejects.toMatchObject({ statusCode: 404 });
      // A foreign (GDAP) principal's PUT is refused (link-staff stops before it, at Graph /me).
      const foreign = managementPartnerClient(person.credentialFor(T.foreign), clients);
      await expect(foreign.partner.create(PARTNER_ID)).rejects.toMatchObject({ statusCode: 403, code: "ForeignPrincipalNotSupported" });
      const { SubscriptionClient } = await import("@azure/arm-resources-subscriptions");
      for await (const _ of new SubscriptionClient(person.credentialFor(HOME), { endpoint: clients.armEndpoint, tlsOptions: clients.tlsOptions, credentialScopes: [`${clients.armEndpoint}/.default`] }).tenants.list()) void _;
      person.close();
    } finally {
      await emulator.stop();
    }
    const problems: string[] = [];
    let tenantLists = 0;
    const arm = emulator.exchanges.filter((x) => x.service === "arm");
    for (const e of arm.filter((x) => /^\/tenants$/i.test(x.path))) {
      tenantLists++;
      const allowed = new Set(["id", "tenantId", "tenantCategory", "country", "countryCode", "displayName", "domains", "defaultDomain", "tenantType", "tenantBrandingLogoUrl"]);
      for (const t of (e.body as { value: Record<string, unknown>[] }).value) {
        for (const k of Object.keys(t)) if (!allowed.has(k)) problems.push(`GET /tenants: ${k} is not a TenantIdDescription property`);
        if (!["Home", "ProjectedBy", "ManagedBy"].includes(String(t.tenantCategory))) problems.push(`GET /tenants: tenantCategory ${String(t.tenantCategory)}`);
      }
    }
    const result = strict.validateExchanges(arm.filter((x) => !/^\/tenants$/i.test(x.path)));
    problems.push(...result.problems);
    expect(problems).toEqual([]);
    expect(tenantLists).toBe(1);
    expect(result.covered).toEqual(
      expect.objectContaining({
        Partners_Get: [200, 404],
        Partner_Create: [200, 403, 409],
        Partner_Update: [200],
        Partner_Delete: [200, 404],
        RoleAssignments_ListForSubscription: [200],
        RoleEligibilitySchedules_ListForScope: [200],
      }),
    );
  });
});
