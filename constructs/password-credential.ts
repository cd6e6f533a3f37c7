/**
 * A short-lived client secret on the customer principal's application, for customers where no
 * pipeline with workload identity federation is available.
 *
 * The secret is only needed once: the link persists after it expires (a link belongs to the
 * principal, not to a credential; PAL-RULES.md §2). So the default lifetime is short (30 days).
 * The `time` provider drives expiry and rotation: a `time_rotating` comes due a quarter of the
 * lifetime before the secret expires (`end_date` = its start + lifetime), so an apply in that
 * window replaces the secret (`rotate_when_changed`) while the old one still works.
 * `end_date_relative` is deprecated in azuread 3.7.0 and is not used.
 *
 * A new secret can take a while to work (`AADSTS7000215`), and the link stage's first step reads
 * the signed-in identity at plan time, before the PUT's own retry can help: a `time_sleep` after
 * each new secret holds the identity stage back until the secret has propagated.
 */
import { ApplicationPasswordA } from "@cdktf/provider-azuread/lib/application-password";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { ensureProvider } from "./internal/ensure-provider";
import { parseHours } from "./internal/duration";

/** The default lifetime of a client secret: 30 days. */
export const DEFAULT_PASSWORD_LIFETIME = "720h";
/** How long the identity stage waits after creating a secret, so that it works when the link stage signs in. */
export const DEFAULT_SECRET_PROPAGATION_DELAY = "60s";

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
  /**
   * How long to wait after a new secret is created before the stage that creates it completes
   * (a Go duration such as "60s"; "0s" to not wait).
   * @default "60s"
   */
  readonly propagationDelay?: string;
}

/** A client secret with a short lifetime and rotation, and the `time_rotating` that drives both. */
export class PasswordCredential extends Construct {
  /** The lifetime of each secret, in hours. */
  public readonly lifetimeHours: number;
  /** The underlying `azuread_application_password`. */
  public readonly resource: ApplicationPasswordA;
  /** How many hours after its creation the secret is due for replacement (a quarter of the lifetime before it expires). */
  public readonly renewAfterHours: number;
  /** The `time_rotating` that comes due before the secret expires and then replaces it. */
  public readonly rotation: Rotating;
  /** The `time_sleep` that waits for each new secret to propagate. */
  public readonly propagation: Sleep;

  constructor(scope: Construct, id: string, props: PasswordCredentialProps) {
    super(scope, id);
    const hours = parseHours(props.lifetime ?? DEFAULT_PASSWORD_LIFETIME);
    if (typeof hours === "string") throw new Error(`${this.node.path}: invalid lifetime: ${hours}`);
    this.lifetimeHours = hours;

    this.renewAfterHours = renewAfterHours(hours);
    const delay = props.propagationDelay ?? DEFAULT_SECRET_PROPAGATION_DELAY;
    if (!Token.isUnresolved(delay) && !/^\d+(\.\d+)?(s|m|h)$/.test(delay)) {
      throw new Error(`${this.node.path}: propagationDelay "${delay}" is not a duration such as "60s", "2m" or "0s"`);
    }

    const provider = ensureProvider(this, TimeProvider, (stack) => new TimeProvider(stack, "time"));
    this.rotation = new Rotating(this, "rotation", { provider, rotationHours: this.renewAfterHours });
    this.resource = new ApplicationPasswordA(this, "secret", {
      applicationId: props.applicationId,
      displayName: props.name ?? "pal-link",
      // The full lifetime from the rotation's start, which is later than the rotation's due time.
      endDate: Fn.timeadd(this.rotation.rfc3339, `${hours}h`),
      rotateWhenChanged: { rotation: this.rotation.id },
    });
    this.propagation = new Sleep(this, "propagation", {
      provider,
      createDuration: delay,
      // A new secret (rotation) waits again.
      triggers: { key_id: this.resource.keyId },
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

/**
 * When a secret of `lifetimeHours` is due for replacement: a quarter of its lifetime before it
 * expires (at least one hour before, and never sooner than one hour after creation).
 */
export function renewAfterHours(lifetimeHours: number): number {
  return Math.max(1, lifetimeHours - Math.max(1, Math.floor(lifetimeHours / 4)));
}
