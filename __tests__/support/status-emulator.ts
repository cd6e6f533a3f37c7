/** Test helpers: an emulator with a state, and the status options and environment that reach it. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ClientOptions } from "../../status/azure-clients";
import { Emulator } from "../../tools/emulator/emulator";
import { EmulatorState } from "../../tools/emulator/state";
import { unsignedJwt } from "../../tools/emulator/tokens";

/** The plan identity of the example emulator state (examples/fleet/emulator-state.json). */
export const PLAN_APP_ID = "dddddddd-0000-4000-8000-000000000001";
export const PLAN_SECRET = "plan-identity-secret";

export const EXAMPLE_STATE_FILE = path.join(__dirname, "..", "..", "examples", "fleet", "emulator-state.json");

export function exampleState(): EmulatorState {
  return JSON.parse(fs.readFileSync(EXAMPLE_STATE_FILE, "utf8")) as EmulatorState;
}

/** Client options that trust only the emulator's certificate, with quick retries. */
export function emulatorClientOptions(emulator: Emulator): ClientOptions {
  return {
    ...emulator.endpoints,
    tlsOptions: { ca: emulator.certificatePem },
    retryOptions: { maxRetries: 3, retryDelayInMs: 10, maxRetryDelayInMs: 100 },
  };
}

/** A CI job's OIDC token as a file (unsigned: the emulator matches claims, not signatures). */
export function oidcTokenFile(dir: string, name: string, issuer: string, subject: string): string {
  const file = path.join(dir, `${name}.jwt`);
  fs.writeFileSync(file, unsignedJwt({ iss: issuer, sub: subject, aud: "api://AzureADTokenExchange", exp: Math.floor(Date.now() / 1000) + 600 }));
  return file;
}

/** The environment for the example fleet: plan identity secret, each principal's OIDC token or secret. */
export function exampleEnvironment(dir: string): NodeJS.ProcessEnv {
  return {
    AZURE_CLIENT_ID: PLAN_APP_ID,
    AZURE_CLIENT_SECRET: PLAN_SECRET,
    PAL_OIDC_TOKEN_FILE_CONTOSO: oidcTokenFile(dir, "contoso", "https://token.actions.githubusercontent.com", "repo:contoso-msp/pal:environment:pal-contoso"),
    PAL_OIDC_TOKEN_FILE_NORTHWIND: oidcTokenFile(dir, "northwind", "https://login.microsoftonline.com/66666666-6666-6666-6666-666666666666/v2.0", "/eid1/c/pub/t/ZmZmZmZmZmZmZmZmZmZmZg/a/rISbSSETf0KqFyZ8ppdXmA/sc/88888888-8888-8888-8888-888888888888/12121212-1212-4212-8212-121212121212"),
    PAL_CLIENT_SECRET_FABRIKAM: "fabrikam-example-secret",
    PAL_CLIENT_SECRET_WOODGROVE: "woodgrove-example-secret",
  };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "pal-status-test-"));
}
