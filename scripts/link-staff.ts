/** `npm run link-staff`: the staff-linking command (staff/cli.ts), run from the compiled kit. */
import { runCli } from "../staff/cli";

export { LINK_STAFF_USAGE } from "../staff/cli";

if (require.main === module) runCli();
