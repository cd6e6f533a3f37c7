/**
 * Bounded manifest input (stacks/manifest/input-limits.ts): what is too large, too many, not
 * UTF-8 or not plain YAML is refused before parsing, in bounded memory, with a located message
 * that repeats a bounded part of the input.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadManifest, manifestFormat, parseManifest } from "../stacks/manifest/load-manifest";
import { ManifestError } from "../stacks/manifest/manifest-error";
import { MAX_CUSTOMERS, MAX_MANIFEST_BYTES, firstInvalidUtf8 } from "../stacks/manifest/input-limits";
import { boundEcho } from "../stacks/manifest/echo";
import { runMainInProcess } from "./support/run";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "pal-limits-"));
}

function errorOf(load: () => unknown): ManifestError {
  try {
    load();
  } catch (err) {
    if (err instanceof ManifestError) return err;
    throw err;
  }
  throw new Error("loaded without a problem");
}

const CUSTOMER = (i: number) => `  - name: c${i}
    tenantId: 11111111-1111-1111-1111-111111111111
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
    credential: { github: { repository: contoso-msp/pal, environment: "pal-{customer}" } }
`;

describe("size", () => {
  test("PAL_CONFIG=/dev/zero is refused at once (the read stops at the limit), exit 1 and one line", () => {
    const run = runMainInProcess(tempDir(), { PAL_CONFIG: "/dev/zero" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/zero: 1 problem; nothing was synthesised:\n.*the manifest is larger than 10 MiB, the limit/);
    expect(run.stderr.length).toBeLessThan(1000);
  });

  test("a 1 GiB file is refused from its size, without reading it", () => {
    const file = path.join(tempDir(), "pal.config.yaml");
    fs.writeFileSync(file, "");
    fs.truncateSync(file, 1024 ** 3); // sparse: no disk used
    expect(errorOf(() => loadManifest(file, "pal.config.yaml")).message).toMatch(/larger than 10 MiB/);
  });

  test("a value of megabytes is repeated as at most 256 characters", () => {
    const huge = "x".repeat(MAX_MANIFEST_BYTES - 1024); // just under the limit: once overflowed the stack of a regular expression
    const error = errorOf(() => parseManifest(`partnerId: "1234567"\ncustomers:\n${CUSTOMER(0)}    tenantId: ${huge}\n`.replace("    tenantId: 11111111-1111-1111-1111-111111111111\n", ""), "m.yaml"));
    expect(error.message.length).toBeLessThan(1000);
    expect(error.message).toContain(`(${huge.length} characters)`);
  });

  test(`more than ${MAX_CUSTOMERS} customers are refused before validation, at customers:`, () => {
    const text = `partnerId: "1234567"\ncustomers:\n${"  - {}\n".repeat(MAX_CUSTOMERS + 1)}`;
    const error = errorOf(() => parseManifest(text, "m.yaml"));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toMatch(/m\.yaml:3:3 {2}customers: customers lists 10001 customers; one manifest holds at most 10000/);
  });
});

describe("encoding and syntax", () => {
  test("finds the first byte that is not UTF-8: overlong forms, surrogates, cut-off sequences", () => {
    expect(firstInvalidUtf8(Buffer.from("café ✓ 😀", "utf8"))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a UTF-16 surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x9c]))).toBe(2); // cut off
    expect(firstInvalidUtf8(Buffer.from([0xf5, 0x80, 0x80, 0x80]))).toBe(0); // above U+10FFFF
  });

  test("a byte order mark is accepted", () => {
    const file = path.join(tempDir(), "pal.config.yaml");
    fs.writeFileSync(file, `\ufeffpartnerId: "1234567"\ncustomers:\n${CUSTOMER(0)}`);
    expect(loadManifest(file).customers).toHaveLength(1);
  });

  test("JSON by a .json extension in any case, or by content when the extension says neither", () => {
    expect(manifestFormat("fleet.JSON", "partnerId: x")).toBe("json");
    expect(manifestFormat("fleet.Yml", "{}")).toBe("yaml");
    expect(manifestFormat("fleet.conf", '  {"partnerId": "1"}')).toBe("json");
    expect(manifestFormat("fleet", "partnerId: x")).toBe("yaml");
    const file = path.join(tempDir(), "FLEET.JSON");
    fs.writeFileSync(file, '{ "partnerId": "1234567", }');
    expect(errorOf(() => loadManifest(file, "FLEET.JSON")).message).toMatch(/FLEET\.JSON:1:\d+ {2}JSON syntax error/);
  });

  test.each([
    ["!include", "displayName: !include name.txt", /the YAML tag !include is not supported/],
    ["!!binary", "displayName: !!binary aGk=", /the YAML tag !!binary is not supported/],
    ["!!set", "roles: !!set { Reader }", /the YAML tag !!set is not supported/],
  ])("the tag %s is refused at its line", (_tag, line, message) => {
    const error = errorOf(() => parseManifest(`partnerId: "1234567"\ncustomers:\n${CUSTOMER(0)}    ${line}\n`, "m.yaml"));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].line).toBe(7);
    expect(error.message).toMatch(message);
  });

  test("explicit core tags (!!str) stay allowed", () => {
    expect(parseManifest(`partnerId: !!str 1234567\ncustomers:\n${CUSTOMER(0)}`, "m.yaml").customers[0].partnerId).toBe("1234567");
  });
});

describe("YAML aliases", () => {
  test("one anchor shared by 1,000 customers loads", () => {
    const customers = Array.from({ length: 1000 }, (_, i) => `  - name: c${i}\n    tenantId: 11111111-1111-1111-1111-111111111111\n    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]\n    roles: ${i === 0 ? "&std [Reader, Support Request Contributor]" : "*std"}\n    credential: ${i === 0 ? '&gh { github: { repository: contoso-msp/pal, environment: "pal-{customer}" } }' : "*gh"}\n`);
    expect(parseManifest(`partnerId: "1234567"\ncustomers:\n${customers.join("")}`, "m.yaml").customers).toHaveLength(1000);
  });

  test("an alias bomb is refused at the alias that expands most, before expansion", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? "*a" : `*l${i - 1}`).join(", ")}]`);
    const error = errorOf(() => parseManifest(`partnerId: "1234567"\n${levels.join("\n")}\ncustomers: []\n`, "m.yaml"));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].line).toBe(10);
    expect(error.message).toMatch(/YAML aliases expand the manifest to more than 2,000,000 values \(the alias here alone to [\d,]+\)/);
  });
});

describe("secrets in messages", () => {
  test.each([
    ["an Entra ID client secret", "Xy18Q~AbCdEfGhIjKlMnOpQrStUvWxYz01234567"],
    ["a JSON Web Token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0x.c2lnbmF0dXJl"],
    ["a GitHub token", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
    ["a storage account key", `${"A".repeat(86)}==`],
  ])("%s is never repeated", (what, secret) => {
    expect(boundEcho(`tenantId "${secret}" is not a GUID`)).toBe(`tenantId "<${what}, not shown>" is not a GUID`);
    const error = errorOf(() => parseManifest(`partnerId: "1234567"\ncustomers:\n${CUSTOMER(0).replace("11111111-1111-1111-1111-111111111111", `"${secret}"`)}`, "m.yaml"));
    expect(error.message).not.toContain(secret);
  });
});
