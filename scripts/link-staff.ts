/** `npm run link-staff`: the staff-linking command (staff/cli.ts), run from the compiled kit. */
import { main } from "../staff/cli";

export { LINK_STAFF_USAGE } from "../staff/cli";

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      process.stderr.write(`link-staff: ${err.message}\n`);
      process.exitCode = 2;
    },
  );
}
