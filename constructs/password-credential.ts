/**
 * A short-lived client secret on the customer principal's application, for customers where no
 * pipeline with workload identity federation is available.
 *
 * The secret is only needed once: the link persists after it expires (a link belongs to the
 * principal, not to a credential; PAL-RULES.md §2). So the default lifetime is short (30 days)
 * and the end date comes from the `time` provider's `time_rotating`, which also replaces the
 * secret when it is due (`rotate_when_changed`). `end_date_relative` is deprecated in azuread
 * 3.7.0 and is not used. A new secret can take seconds to work (`AADSTS7000215`): the link retries.
 */
import { ApplicationPasswordA } from "@cdktf/provider-azuread/lib/application-password";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { Construct } from "constructs";
import { ensureProvider } from "./internal/ensure-provider";
import { parseHours } from "./internal/duration";

/** The default lifetime of a client secret: 30 days. */
export const DEFAULT_PASSWORD_LIFETIME = "720h";

/** Props of {@link PasswordCredential}. */
export interface PasswordCredentialProps {
  /** The application's resource ID (`azuread_application.id`, `/applications/<object-id>`). */
  readonly applicationId: string;
  /**
   * How long each secret lives before it expires and is replaced on the next apply: "<n>h" or "<n>d".
   * @default "720h" (30 days)
   */
  readonly lifetime?: string;
  /**
   * The secret's display name in Entra ID.
   * @default "pal-link"
   */
  readonly name?: string;
}

/** A client secret with a short lifetime and rotation, and the `time_rotating` that drives both. */
export class PasswordCredential extends Construct {
  /** The lifetime of each secret, in hours. */
  public readonly lifetimeHours: number;
  /** The underlying `azuread_application_password`. */
  public readonly resource: ApplicationPasswordA;
  /** The `time_rotating` whose rotation time is the secret's end date. */
  public readonly rotation: Rotating;

  constructor(scope: Construct, id: string, props: PasswordCredentialProps) {
    super(scope, id);
    const hours = parseHours(props.lifetime ?? DEFAULT_PASSWORD_LIFETIME);
    if (typeof hours === "string") throw new Error(`${this.node.path}: invalid lifetime: ${hours}`);
    this.lifetimeHours = hours;

    const provider = ensureProvider(this, TimeProvider, (stack) => new TimeProvider(stack, "time"));
    this.rotation = new Rotating(this, "rotation", { provider, rotationHours: hours });
    this.resource = new ApplicationPasswordA(this, "secret", {
      applicationId: props.applicationId,
      displayName: props.name ?? "pal-link",
      endDate: this.rotation.rotationRfc3339,
      rotateWhenChanged: { rotation: this.rotation.id },
    });
  }

  /** The secret value: a sensitive Terraform reference, never a literal. */
  public get value(): string {
    return this.resource.value;
  }

  /** The secret's end date (RFC 3339), known after apply. */
  public get endDate(): string {
    return this.resource.endDate;
  }
}
