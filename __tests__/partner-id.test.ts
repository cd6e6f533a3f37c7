import { Token } from "cdktf";
import { PartnerId } from "../constructs/partner-id";

describe("PartnerId", () => {
  test.each(["1234567", "12345", "1234567890"])("accepts the digits-only partner ID %s", (id) => {
    expect(PartnerId.of(id).value).toBe(id);
    expect(PartnerId.problem(id)).toBeUndefined();
  });

  test("rejects a GUID with a hint that it is a Customer Usage Attribution ID", () => {
    expect(() => PartnerId.of("0b6e5f4c-9a3d-4c1e-8f27-6d4b2a19c3e0")).toThrow(/Customer Usage Attribution \(CUA\) ID, not a partner ID/);
  });

  test.each([
    ["MPN-1234567", /digits only/],
    ["123 4567", /digits only/],
    [" 1234567", /white space/],
    ["", /empty/],
    ["1234", /4 digits; partner IDs have 5 to 10/],
    ["12345678901", /11 digits/],
  ])("rejects %j", (value, message) => {
    expect(() => PartnerId.of(value)).toThrow(message);
  });

  test("asks for quotes when YAML read the ID as a number", () => {
    expect(PartnerId.problem(123456)).toMatch(/write it in quotes exactly as Partner Center shows it, e\.g\. partnerId: "1234567" \(YAML reads unquoted digits as a number and drops leading zeros\)/);
  });

  test("rejects values that are not strings", () => {
    expect(PartnerId.problem(null)).toMatch(/found null/);
    expect(PartnerId.problem(["1"])).toMatch(/found a list/);
  });

  test("leaves a Terraform token to be checked at apply", () => {
    const token = Token.asString({ resolve: () => "1234567" });
    expect(PartnerId.problem(token)).toBeUndefined();
  });

  test("wrapping a PartnerId returns it unchanged", () => {
    const id = PartnerId.of("1234567");
    expect(PartnerId.of(id)).toBe(id);
    expect(`${id}`).toBe("1234567");
  });
});

describe("where the partner-ID hint sends people", () => {
  test("to the partner location (PLA) IDs under Business locations, not to Identifiers (which shows the PGA ID)", () => {
    for (const value of ["11111111-1111-1111-1111-111111111111", ""]) {
      const problem = PartnerId.problem(value)!;
      expect(problem).toContain("Partner Center > Account settings > Organization profile > Legal info > Partner > Business locations");
      expect(problem).toContain("not the PGA ID under Identifiers, which fails with PartnerIdInvalid");
    }
  });
});
