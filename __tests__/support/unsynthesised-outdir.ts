/**
 * The outdir of apps a test builds but never synthesises. CDKTF's App creates its outdir when it
 * is constructed (cdktf lib/app.js), so a relative name such as "unused" left a folder in the
 * checkout; an existing folder makes App create nothing.
 */
import * as os from "os";

export const UNSYNTHESISED_OUTDIR = os.tmpdir();
