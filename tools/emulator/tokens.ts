/**
 * Access tokens the emulated token endpoint issues and the emulated ARM and Graph accept: JWTs
 * signed with a key that lives only as long as the emulator (HS256), carrying the claims Entra ID
 * puts in app-only tokens that the emulated services need: `tid`, `oid`, `appid`, `aud`, `exp`
 * (Microsoft identity platform, "Access token claims reference").
 */
import * as crypto from "crypto";

/** The claims of an emulated access token. */
export interface TokenClaims {
  readonly tid: string;
  readonly oid: string;
  readonly appid: string;
  readonly aud: string;
  readonly exp: number;
  readonly iat: number;
  readonly iss: string;
  /** `app` for service principals, `user` for people (members, guests, foreign principals). */
  readonly idtyp: "app" | "user";
  /** People only: the account's sign-in name. */
  readonly upn?: string;
  /** People only: 0 a member of the tenant, 1 a guest (Entra optional claim `acct`). */
  readonly acct?: 0 | 1;
  /** People signed in from another tenant (guests, foreign principals): their home tenant's issuer. */
  readonly idp?: string;
}

const base64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

/** Signs and checks the emulator's own tokens. */
export class TokenSigner {
  private readonly key = crypto.randomBytes(32);

  public sign(claims: TokenClaims): string {
    const head = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const body = base64url(JSON.stringify(claims));
    const sig = crypto.createHmac("sha256", this.key).update(`${head}.${body}`).digest("base64url");
    return `${head}.${body}.${sig}`;
  }

  /** The claims of a token this signer issued and that has not expired; `undefined` otherwise. */
  public verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): TokenClaims | undefined {
    const [head, body, sig] = token.split(".");
    if (!head || !body || !sig) return undefined;
    const expected = crypto.createHmac("sha256", this.key).update(`${head}.${body}`).digest("base64url");
    if (expected.length !== sig.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(sig))) return undefined;
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TokenClaims;
    return claims.exp > nowSeconds ? claims : undefined;
  }
}

/**
 * The claims of an unverified JWT, e.g. a CI job's OIDC token sent as a client assertion. The
 * emulator matches issuer, subject and audience against the federated credentials but does not
 * check the signature (it has no access to GitHub's or Azure DevOps' keys); Entra ID does both.
 */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const body = token.split(".")[1];
  if (!body) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** An unsigned JWT with these claims: what tests and the example fleet use as a CI OIDC token. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}.`;
}
