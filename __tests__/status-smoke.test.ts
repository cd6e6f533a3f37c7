import { runStatus } from "../status/run-status";
import { loadManifest, bundledExampleManifest } from "../stacks/manifest/load-manifest";
import { Emulator } from "../tools/emulator/emulator";
import { emulatorClientOptions, exampleEnvironment, exampleState, tempDir } from "./support/status-emulator";

test("smoke", async () => {
  const emulator = await Emulator.start(exampleState());
  try {
    const fleet = loadManifest(bundledExampleManifest());
    const statuses = await runStatus(fleet.customers, { clients: emulatorClientOptions(emulator), env: exampleEnvironment(tempDir()) });
    console.log(JSON.stringify(statuses.map((s) => [s.customer, s.verdict, s.findings]), null, 1));
    console.log(emulator.exchanges.map((e) => `${e.service} ${e.method} ${e.path}?${e.query} ${e.status}`).join("\n"));
  } finally {
    await emulator.stop();
  }
});
