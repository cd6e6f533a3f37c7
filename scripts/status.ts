/** `npm run status`: the status command (status/cli.ts), run from the compiled kit. */
import { main } from "../status/cli";

export { STATUS_USAGE } from "../status/cli";

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      process.stderr.write(`status: ${err.message}\n`);
      process.exitCode = 2;
    },
  );
}
