/**
 * PAL004 (error): a client secret that lives longer than the configured maximum (720h by
 * default), or never expires. The secret is only needed to make the link; a long-lived one is a
 * standing credential into the customer's tenant for nothing.
 */
import { ApplicationPasswordA } from "@cdktf/provider-azuread/lib/application-password";
import { Token } from "cdktf";
import { parseHours } from "../internal/duration";
import { PasswordCredential } from "../password-credential";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const longLivedSecret: PalRule = {
  id: RULE_IDS.longLivedSecret,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "shorten the secret's lifetime, or raise policy.maxPasswordLifetime (PalChecks' maxPasswordLifetimeHours) for the whole fleet",
  title: "Client secrets must expire within the maximum lifetime",
  check(node, { maxPasswordLifetimeHours }) {
    if (!(node instanceof ApplicationPasswordA)) return undefined;
    const fix = `set a lifetime of at most ${maxPasswordLifetimeHours}h (policy.maxPasswordLifetime), or use a federated credential`;
    const owner = node.node.scope;
    if (owner instanceof PasswordCredential) {
      return owner.lifetimeHours > maxPasswordLifetimeHours ? [`the client secret lives ${owner.lifetimeHours}h, longer than the maximum of ${maxPasswordLifetimeHours}h: ${fix}`] : [];
    }
    const relative = node.endDateRelativeInput;
    if (relative !== undefined && !Token.isUnresolved(relative)) {
      const hours = parseHours(relative);
      if (typeof hours === "number" && hours > maxPasswordLifetimeHours) return [`the client secret lives ${hours}h (end_date_relative), longer than the maximum of ${maxPasswordLifetimeHours}h: ${fix}`];
      return [];
    }
    if (node.endDateInput === undefined && relative === undefined) {
      return [`the client secret has no end date, so it never expires (Entra ID's default is up to two years): ${fix}`];
    }
    return [];
  },
};
