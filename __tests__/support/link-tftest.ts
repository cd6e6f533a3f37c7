/**
 * Writes `terraform test` files for a synthesised link stack: every provider mocked, the identity
 * stack's remote state, the signed-in identity and the link's read-back overridden, so Terraform
 * core plans and applies the stack and evaluates its conditions, checks and triggers offline.
 *
 * How a re-create is seen without Azure: each run overrides the action's response with its own
 * `partner_name`. A run that does not create or replace the action keeps the previous run's value
 * in state; a run that does (a PUT, PATCH or GET sent) stores its own. An in-place update (which
 * azapi would answer by sending the request again) is seen as a changed `method`.
 */

export const INTENDED = {
  objectId: "55555555-5555-5555-5555-555555555555",
  clientId: "44444444-4444-4444-4444-444444444444",
  otherObjectId: "99999999-0000-0000-0000-000000000001",
  otherTenantId: "99999999-0000-0000-0000-000000000002",
  /** The principal after the identity stack replaced it (e.g. it was deleted in the portal). */
  replacedObjectId: "66666666-6666-6666-6666-666666666666",
  replacedClientId: "77777777-7777-7777-7777-777777777777",
  /** The partner ID the link stacks under test link to. */
  partnerId: "1234567",
  /** Another partner's ID (a link someone else made, or the partner ID before a change). */
  otherPartnerId: "7777777",
} as const;

interface LinkStackNames {
  remoteState?: string;
  clientIdOutput?: string;
  objectIdOutput?: string;
  clientConfig: string;
  link: string;
  readBack: string;
  callerLink: string;
  check: string;
}

/** Finds the names the test needs in a link stack's cdk.tf.json. */
export function linkStackNames(json: any): LinkStackNames {
  const [remoteState] = Object.keys(json.data.terraform_remote_state ?? {});
  const [clientConfig] = Object.keys(json.data.azapi_client_config);
  const [link] = Object.entries<any>(json.resource.azapi_resource_action).find(([, r]) => r.when !== "destroy")!;
  const reads = Object.entries<any>(json.data.azapi_resource);
  const readBack = reads.find(([, r]) => r.resource_id)![0];
  const callerLink = reads.find(([, r]) => r.parent_id === "/")![0];
  const [check] = Object.keys(json.check);
  const outputOf = (expression: string) => /outputs\.([A-Za-z0-9_-]+)/.exec(expression)?.[1];
  const post = json.resource.azapi_resource_action[link].lifecycle.postcondition[0].condition as string;
  return {
    remoteState,
    clientConfig,
    link,
    readBack,
    callerLink,
    check,
    clientIdOutput: remoteState ? outputOf(json.provider.azapi[0].client_id) : undefined,
    objectIdOutput: remoteState ? outputOf(post) : undefined,
  };
}

/** What a read-back answers: nothing, or a link. */
export type ReadAnswer = "absent" | { partnerId: string; state: "Active" | "Deleted"; objectId?: string };

/**
 * The .tftest.hcl files, by name. Each file gets fresh state; runs in one file share it (used for
 * the sequences: apply, then the link changes in Azure, then plan/apply again).
 */
export function linkStackTests(json: any, tenantId: string, options: { relink?: boolean } = {}): Record<string, string> {
  const n = linkStackNames(json);
  const signedIn = (objectId: string) => `
  override_data {
    target = data.azapi_client_config.${n.clientConfig}
    values = { object_id = "${objectId}", tenant_id = "${tenantId}" }
  }`;
  const answer = (a: ReadAnswer) =>
    a === "absent"
      ? `{ exists = false, output = null }`
      : `{ exists = true, output = { partner_id = "${a.partnerId}", state = "${a.state}", object_id = "${a.objectId ?? INTENDED.objectId}", tenant_id = "${tenantId}", partner_name = "read" } }`;
  // What the two reads answer: the no-ID GET (the caller's link, whatever its partner ID) and the GET by partner ID.
  const azure = (caller: ReadAnswer, byId: ReadAnswer) => `
  override_data {
    target = data.azapi_resource.${n.callerLink}
    values = ${answer(caller)}
  }
  override_data {
    target = data.azapi_resource.${n.readBack}
    values = ${answer(byId)}
  }`;
  const linkedHere: ReadAnswer = { partnerId: INTENDED.partnerId, state: "Active" };
  const linkedElsewhere: ReadAnswer = { partnerId: INTENDED.otherPartnerId, state: "Active" };
  const deletedHere: ReadAnswer = { partnerId: INTENDED.partnerId, state: "Deleted" };
  // The response of whatever request the action sends (PUT, PATCH or GET), tagged by the run that sent it.
  const responds = (tag: string, fields: Partial<Record<"object_id" | "tenant_id" | "partner_id" | "state", string>> = {}) => {
    const f = { object_id: INTENDED.objectId, tenant_id: tenantId, partner_id: INTENDED.partnerId, state: "Active", ...fields };
    return `
  override_resource {
    target = azapi_resource_action.${n.link}
    values = {
      output = { object_id = "${f.object_id}", tenant_id = "${f.tenant_id}", partner_id = "${f.partner_id}", partner_name = "${tag}", state = "${f.state}" }
    }
  }`;
  };
  const identityState = (clientId: string, objectId: string) =>
    n.remoteState
      ? `
override_data {
  target = data.terraform_remote_state.${n.remoteState}
  values = {
    outputs = {
      "${n.clientIdOutput}" = "${clientId}"
      "${n.objectIdOutput}" = "${objectId}"
    }
  }
}`
      : "";
  const file = (runs: string) => `# Generated by __tests__/support/link-tftest.ts for the link stack's read-back tests.
mock_provider "azapi" {}
${identityState(INTENDED.clientId, INTENDED.objectId)}
${runs}`;
  const method = (m: string) => `
  assert {
    condition     = azapi_resource_action.${n.link}.method == "${m}"
    error_message = "the link action must send ${m}, it sends \${azapi_resource_action.${n.link}.method}"
  }`;
  const sentBy = (tag: string, why: string) => `
  assert {
    condition     = azapi_resource_action.${n.link}.output.partner_name == "${tag}"
    error_message = "${why} (response in state is from \${azapi_resource_action.${n.link}.output.partner_name})"
  }`;
  const drift = `
  expect_failures = [check.${n.check}]`;
  const run = (name: string, body: string, command: "apply" | "plan" = "apply") => `
run "${name}" {
  command = ${command}${body}
}
`;
  const base = signedIn(INTENDED.objectId);
  const failsOn = (what: string) => `
  expect_failures = [${what}]`;

  if (options.relink) {
    return {
      "relink_repoints_with_patch.tftest.hcl": file(
        run("repoints_a_link_to_another_partner_with_patch", base + azure(linkedElsewhere, "absent") + responds("patch") + method("PATCH") + sentBy("patch", "the PATCH must be sent") + drift) +
          run("then_no_change", base + azure(linkedHere, linkedHere) + responds("later") + method("PATCH") + sentBy("patch", "an unchanged link must not be sent again")),
      ),
    };
  }

  return {
    "absent_creates_with_put.tftest.hcl": file(run("no_link_is_created_with_put", base + azure("absent", "absent") + responds("put") + method("PUT") + sentBy("put", "the PUT must be sent") + drift)),
    "linked_is_left_alone.tftest.hcl": file(
      run("an_existing_link_is_recorded_with_get_never_put", base + azure(linkedHere, linkedHere) + responds("get") + method("GET") + sentBy("get", "the existing link must be read")) +
        run("an_unchanged_customer_plans_no_change", base + azure(linkedHere, linkedHere) + responds("second") + method("GET") + sentBy("get", "an unchanged link must not be sent again")),
    ),
    "deleted_same_partner_is_recreated.tftest.hcl": file(run("a_deleted_link_is_created_with_put", base + azure("absent", deletedHere) + responds("put") + method("PUT") + sentBy("put", "the PUT must be sent") + drift)),
    "other_partner_fails_without_relink.tftest.hcl": file(run("a_link_to_another_partner_fails_the_plan", base + azure(linkedElsewhere, "absent") + responds("x") + failsOn(`azapi_resource_action.${n.link}, check.${n.check}`), "plan")),
    // Apply, then someone deletes the link in Azure: the next plan re-creates it (and the check
    // warns), the apply after that sends nothing.
    "deleted_after_apply_is_recreated.tftest.hcl": file(
      run("first_apply_links", base + azure("absent", "absent") + responds("first") + method("PUT") + sentBy("first", "the first PUT must be sent") + drift) +
        run("unchanged_plans_no_change", base + azure(linkedHere, linkedHere) + responds("unchanged") + method("PUT") + sentBy("first", "an unchanged link must not be sent again")) +
        run("link_deleted_in_azure_is_recreated", base + azure("absent", deletedHere) + responds("recreated") + method("PUT") + sentBy("recreated", "the deleted link must be sent again") + drift) +
        run("repaired_link_plans_no_change", base + azure(linkedHere, linkedHere) + responds("after") + method("PUT") + sentBy("recreated", "a repaired link must not be sent again")),
    ),
    "postcondition_object_id.tftest.hcl": file(run("fails_when_azure_linked_another_object_id", base + azure("absent", "absent") + responds("x", { object_id: INTENDED.otherObjectId }) + failsOn(`azapi_resource_action.${n.link}, check.${n.check}`))),
    "postcondition_tenant_id.tftest.hcl": file(run("fails_when_azure_linked_in_another_tenant", base + azure("absent", "absent") + responds("x", { tenant_id: INTENDED.otherTenantId }) + failsOn(`azapi_resource_action.${n.link}, check.${n.check}`))),
    "postcondition_partner_id.tftest.hcl": file(run("fails_when_azure_kept_another_partner_id", base + azure("absent", "absent") + responds("x", { partner_id: INTENDED.otherPartnerId }) + failsOn(`azapi_resource_action.${n.link}, check.${n.check}`))),
    "postcondition_state.tftest.hcl": file(run("fails_when_the_link_is_not_active", base + azure("absent", "absent") + responds("x", { state: "Deleted" }) + failsOn(`azapi_resource_action.${n.link}, check.${n.check}`))),
    // Two runs share state: the second sees the link made for the first principal, then the
    // identity stack reports a replaced principal (not linked yet): the PUT is sent again.
    "relinks_a_replaced_principal.tftest.hcl": file(
      run("links_the_first_principal", base + azure("absent", "absent") + responds("first") + drift) +
        run(
          "links_the_replaced_principal_again",
          identityState(INTENDED.replacedClientId, INTENDED.replacedObjectId).replace(/\n/g, "\n  ") +
            signedIn(INTENDED.replacedObjectId) +
            azure("absent", "absent") +
            responds("replaced", { object_id: INTENDED.replacedObjectId }) +
            sentBy("replaced", "the link must be made again for the replaced principal") +
            drift,
        ),
    ),
    // The precondition stops the plan, before any request is sent.
    "signed_in_as_someone_else.tftest.hcl": file(run("refuses_to_link_when_signed_in_as_someone_else", signedIn(INTENDED.otherObjectId) + azure("absent", "absent") + responds("x") + failsOn(`azapi_resource_action.${n.link}, check.${n.check}`), "plan")),
  };
}

/**
 * The `deleteLinkOnDestroy` true → false test: one state (`state_key`) shared by a run of the stack
 * synthesised with the DELETE-on-destroy action (`./with-delete`) and a run of the stack without it
 * (`./without-delete`). Terraform must forget the action (a `removed` block), not destroy it, which
 * would send its DELETE.
 */
export function deleteOnDestroyToggleTest(withDelete: any, tenantId: string): string {
  const n = linkStackNames(withDelete);
  const overrides = `
  override_data {
    target = data.azapi_client_config.${n.clientConfig}
    values = { object_id = "${INTENDED.objectId}", tenant_id = "${tenantId}" }
  }
  override_data {
    target = data.azapi_resource.${n.callerLink}
    values = { exists = true, output = { partner_id = "${INTENDED.partnerId}", state = "Active", object_id = "${INTENDED.objectId}", tenant_id = "${tenantId}", partner_name = "read" } }
  }
  override_data {
    target = data.azapi_resource.${n.readBack}
    values = { exists = true, output = { partner_id = "${INTENDED.partnerId}", state = "Active", object_id = "${INTENDED.objectId}", tenant_id = "${tenantId}", partner_name = "read" } }
  }
  override_resource {
    target = azapi_resource_action.${n.link}
    values = { output = { object_id = "${INTENDED.objectId}", tenant_id = "${tenantId}", partner_id = "${INTENDED.partnerId}", partner_name = "get", state = "Active" } }
  }`;
  return `# Generated by __tests__/support/link-tftest.ts: deleteLinkOnDestroy true -> false never sends the DELETE.
mock_provider "azapi" {}

run "applied_with_delete_on_destroy" {
  module {
    source = "./with-delete"
  }
  state_key = "link"${overrides}
}

run "delete_on_destroy_turned_off" {
  module {
    source = "./without-delete"
  }
  state_key = "link"${overrides}
}
`;
}

/**
 * The bring-your-own principal check of an identity stack (credential: none): the two
 * `azuread_service_principal` lookups overridden with what Entra ID would answer.
 */
export function existingPrincipalTests(identityJson: any, ids: { clientId: string; objectId: string }): Record<string, string> {
  const lookups = Object.entries<any>(identityJson.data.azuread_service_principal);
  const byClient = lookups.find(([, l]) => l.client_id)![0];
  const byObject = lookups.find(([, l]) => l.object_id)![0];
  const sp = (target: string, v: { object_id: string; client_id: string; type: string }) => `
  override_data {
    target = data.azuread_service_principal.${target}
    values = { object_id = "${v.object_id}", client_id = "${v.client_id}", type = "${v.type}" }
  }`;
  const good = { object_id: ids.objectId, client_id: ids.clientId, type: "Application" };
  const applicationObjectId = "abababab-abab-abab-abab-abababababab";
  const file = (name: string, body: string, fails: boolean) => `# Generated by __tests__/support/link-tftest.ts: the bring-your-own principal check.
mock_provider "azurerm" {}
mock_provider "azuread" {}

run "${name}" {
  command = plan${body}${fails ? `\n  expect_failures = [data.azuread_service_principal.${byObject}]` : ""}
}
`;
  return {
    "byo_matches.tftest.hcl": file("a_matching_application_service_principal_passes", sp(byClient, good) + sp(byObject, good), false),
    // The manifest gave the application's object ID: the client-ID lookup finds the SP with another object ID.
    "byo_application_object_id.tftest.hcl": file("the_application_object_id_instead_of_the_sp_object_id_fails", sp(byClient, { ...good, object_id: applicationObjectId }) + sp(byObject, good), true),
    "byo_managed_identity.tftest.hcl": file("a_managed_identity_fails", sp(byClient, good) + sp(byObject, { ...good, type: "ManagedIdentity" }), true),
    "byo_other_client.tftest.hcl": file("an_object_id_of_another_app_fails", sp(byClient, good) + sp(byObject, { ...good, client_id: "cdcdcdcd-cdcd-cdcd-cdcd-cdcdcdcdcdcd" }), true),
  };
}

/**
 * A partner-ID change in the manifest: the stack applied with the old partner ID (`./old-id`), then
 * planned with the new one without `relink` (`./new-id`: must fail, naming both IDs), then applied
 * with `relink` (`./new-id-relink`: must re-point with PATCH). One state (`state_key`).
 */
export function partnerIdChangeTest(json: any, tenantId: string, ids: { oldId: string; newId: string }): string {
  const n = linkStackNames(json);
  const link = (partnerId: string) =>
    `{ exists = true, output = { partner_id = "${partnerId}", state = "Active", object_id = "${INTENDED.objectId}", tenant_id = "${tenantId}", partner_name = "read" } }`;
  const reads = (caller: string, byId: string) => `
  override_data {
    target = data.azapi_client_config.${n.clientConfig}
    values = { object_id = "${INTENDED.objectId}", tenant_id = "${tenantId}" }
  }
  override_data {
    target = data.azapi_resource.${n.callerLink}
    values = ${caller}
  }
  override_data {
    target = data.azapi_resource.${n.readBack}
    values = ${byId}
  }`;
  const responds = (partnerId: string, tag: string) => `
  override_resource {
    target = azapi_resource_action.${n.link}
    values = { output = { object_id = "${INTENDED.objectId}", tenant_id = "${tenantId}", partner_id = "${partnerId}", partner_name = "${tag}", state = "Active" } }
  }`;
  const absent = "{ exists = false, output = null }";
  return `# Generated by __tests__/support/link-tftest.ts: a partner-ID change re-points with PATCH only with relink.
mock_provider "azapi" {}

run "linked_to_the_old_partner_id" {
  module {
    source = "./old-id"
  }
  state_key = "link"${reads(absent, absent)}${responds(ids.oldId, "put-old")}
  expect_failures = [check.${n.check}]
}

run "new_partner_id_without_relink_fails_the_plan" {
  command = plan
  module {
    source = "./new-id"
  }
  state_key = "link"${reads(link(ids.oldId), absent)}${responds(ids.newId, "x")}
  expect_failures = [azapi_resource_action.${n.link}, check.${n.check}]
}

run "new_partner_id_with_relink_is_repointed_with_patch" {
  module {
    source = "./new-id-relink"
  }
  state_key = "link"${reads(link(ids.oldId), absent)}${responds(ids.newId, "patch-new")}
  expect_failures = [check.${n.check}]
  assert {
    condition     = azapi_resource_action.${n.link}.method == "PATCH" && azapi_resource_action.${n.link}.output.partner_name == "patch-new"
    error_message = "the partner-ID change must be sent as PATCH (method \${azapi_resource_action.${n.link}.method}, response from \${azapi_resource_action.${n.link}.output.partner_name})"
  }
}
`;
}
