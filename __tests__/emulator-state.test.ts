/** The emulator's state file: its shape check names every problem, and the example state passes it. */
import * as fs from "fs";
import * as path from "path";
import { checkEmulatorState, loadEmulatorState } from "../tools/emulator/state";
import { EXAMPLE_STATE_FILE, tempDir } from "./support/status-emulator";

test("the example state for the bundled fleet is valid", () => {
  expect(Object.keys(loadEmulatorState(EXAMPLE_STATE_FILE).tenants)).toHaveLength(4);
});

test("every problem is named, with where it is", () => {
  expect(() =>
    checkEmulatorState({
      tenants: {
        "not-a-guid": {},
        "11111111-1111-1111-1111-111111111111": {
          principals: [{ objectId: "x" }],
          roleAssignments: [{ scope: "subscriptions/1", role: "Reader", principalId: "p" }],
          scheduleInstances: [{ scope: "/subscriptions/1", role: "Reader", principalId: "p", start: "soon", end: "later" }],
        },
      },
      failures: [{ service: "dns", status: 500 }],
    }),
  ).toThrow(
    [
      "emulator state:",
      '  - tenants["not-a-guid"]: the key must be a tenant GUID',
      '  - tenants["11111111-1111-1111-1111-111111111111"].principals[0]: needs "objectId" and "appId" GUIDs',
      '  - tenants["11111111-1111-1111-1111-111111111111"].roleAssignments[0]: needs "scope" (starting with /), "role" and "principalId"',
      '  - tenants["11111111-1111-1111-1111-111111111111"].scheduleInstances[0]: needs ISO 8601 "start" and "end"',
      '  - failures[0]: needs "service" (entra, arm or graph) and a numeric "status"',
    ].join("\n"),
  );
  expect(() => checkEmulatorState([])).toThrow(/expected an object with "tenants"/);
});

test("a file that is not JSON is named in the error", () => {
  const file = path.join(tempDir(), "state.json");
  fs.writeFileSync(file, "{ tenants: }");
  expect(() => loadEmulatorState(file)).toThrow(new RegExp(`emulator state ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: `));
});
