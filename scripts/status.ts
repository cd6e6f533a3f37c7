/** `npm run status`: the status command (status/cli.ts), run from the compiled kit. */
import { runCli } from "../status/cli";

export { STATUS_USAGE } from "../status/cli";

if (require.main === module) runCli();
