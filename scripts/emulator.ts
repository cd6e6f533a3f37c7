/**
 * `npm run emulator -- --state <file>`: the loopback emulator of Entra ID, ARM and Microsoft Graph
 * (tools/emulator/), for trying `npm run status` without Azure. Prints the environment variables
 * that point status at it, then serves until interrupted.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { Emulator } from "../tools/emulator/emulator";
import { loadEmulatorState } from "../tools/emulator/state";

export const EMULATOR_USAGE = `Usage: npm run --silent emulator -- --state <file> [options]

Serves an emulated Entra ID token endpoint, ARM (Microsoft.ManagementPartner, Microsoft.Authorization
incl. PIM) and Microsoft Graph over HTTPS on 127.0.0.1, from a JSON state file (README
"Is it working?" -> "The emulator's state file"; example: examples/fleet/emulator-state.json).

Options:
  --state <file>      the state file (required)
  --write-env <file>  also write the environment variables to this file (KEY=value lines)
  -h, --help          show this help

It prints KEY=value lines to stdout: AZURE_AUTHORITY_HOST, PAL_ARM_ENDPOINT, PAL_GRAPH_ENDPOINT and
NODE_EXTRA_CA_CERTS (its certificate, generated at start). Export them, then run npm run status.
`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: { state: { type: "string" }, "write-env": { type: "string" }, help: { type: "boolean", short: "h", default: false } }, strict: true }).values;
  } catch (err) {
    process.stderr.write(`emulator: ${(err as Error).message}\n\n${EMULATOR_USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(EMULATOR_USAGE);
    return 0;
  }
  if (!values.state) {
    process.stderr.write(`emulator: --state <file> is required\n\n${EMULATOR_USAGE}`);
    return 2;
  }
  let state;
  try {
    state = loadEmulatorState(values.state);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const emulator = await Emulator.start(state, { record: false });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-emulator-"));
  const env = emulator.environment(emulator.writeCertificate(dir));
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`).join("\n") + "\n";
  if (values["write-env"]) fs.writeFileSync(values["write-env"], lines);
  process.stdout.write(lines);
  process.stderr.write("emulator: serving; Ctrl-C to stop\n");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await emulator.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
