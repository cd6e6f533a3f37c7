/**
 * Test helpers: synthesise the way `cdktf synth` does (a real App.synth() into a temp dir, so
 * cross-stack outputs and remote state are created exactly as in production) and read the result.
 */
import { App } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CustomerSpec } from "../../stacks/fleet-spec";

/** One synthesised stack, with lookups that keep test bodies short. */
export class SynthesizedStack {
  /** The parsed cdk.tf.json. */
  public readonly json: any;

  constructor(
    /** The stack name. */
    public readonly name: string,
    /** The cdk.tf.json text, as written: what cdktf's jest matchers take. */
    public readonly text: string,
    /** The stack's working directory, where Terraform runs it. */
    public readonly workingDirectory: string,
  ) {
    this.json = JSON.parse(text);
  }

  /** Every resource of `type`, by logical ID. */
  public resources(type: string): Record<string, any> {
    return this.json.resource?.[type] ?? {};
  }

  /** The single resource of `type` (fails when there are none or several), with its logical ID. */
  public only(type: string, kind: "resource" | "data" = "resource"): { id: string; body: any; ref: (attr: string) => string } {
    const all = kind === "resource" ? this.resources(type) : (this.json.data?.[type] ?? {});
    const ids = Object.keys(all);
    if (ids.length !== 1) throw new Error(`${this.name}: expected one ${kind} ${type}, found ${ids.length}`);
    const prefix = kind === "data" ? `data.${type}` : type;
    return { id: ids[0], body: all[ids[0]], ref: (attr) => `\${${prefix}.${ids[0]}.${attr}}` };
  }

  /** The configuration blocks of provider `type` (CDKTF writes a list). */
  public providers(type: string): any[] {
    return this.json.provider?.[type] ?? [];
  }

  /** The outputs. */
  public get outputs(): Record<string, any> {
    return this.json.output ?? {};
  }
}

/** The result of {@link synthApp}: the stacks and the manifest.json CDKTF wrote. */
export interface SynthResult {
  readonly outdir: string;
  readonly manifest: any;
  stack(name: string): SynthesizedStack;
}

/** Builds an app with `build`, synthesises it into a fresh temp dir and reads every stack. */
export function synthApp(build: (app: App) => void): SynthResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-test-"));
  const app = new App({ outdir, stackTraces: false });
  build(app);
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  return {
    outdir,
    manifest,
    stack(name: string) {
      const entry = manifest.stacks[name];
      if (!entry) throw new Error(`no stack ${name}; stacks: ${Object.keys(manifest.stacks).join(", ")}`);
      return new SynthesizedStack(name, fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), "utf8"), path.join(outdir, entry.workingDirectory));
    },
  };
}

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string, prefix = ""): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), path.join(prefix, e.name)) : [path.join(prefix, e.name)]))
    .sort();
}

/** IDs used across the tests. */
export const IDS = {
  tenant: "11111111-1111-1111-1111-111111111111",
  subscription: "22222222-2222-2222-2222-222222222222",
  otherSubscription: "33333333-3333-3333-3333-333333333333",
  clientId: "44444444-4444-4444-4444-444444444444",
  objectId: "55555555-5555-5555-5555-555555555555",
  owner: "66666666-6666-6666-6666-666666666666",
} as const;

/** One scope of each kind. */
export const SCOPES = {
  managementGroup: "/providers/Microsoft.Management/managementGroups/mg-prod",
  subscription: `/subscriptions/${IDS.subscription}`,
  resourceGroup: `/subscriptions/${IDS.otherSubscription}/resourceGroups/rg-app`,
  resource: `/subscriptions/${IDS.otherSubscription}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/stapp`,
} as const;

/** A valid customer spec; override what a test is about. */
export function customerSpec(overrides: Partial<CustomerSpec> = {}): CustomerSpec {
  return {
    name: "contoso",
    tenantId: IDS.tenant,
    subscriptionId: IDS.subscription,
    partnerId: "1234567",
    scopes: [SCOPES.subscription],
    roles: ["Reader", "Support Request Contributor"],
    credential: { type: "federated", issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso-msp/pal:environment:pal-contoso" },
    owners: [],
    deleteLinkOnDestroy: false,
    acknowledgements: [],
    ...overrides,
  };
}
