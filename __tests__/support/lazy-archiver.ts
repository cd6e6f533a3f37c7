/**
 * Jest maps `archiver` here (jest.config.js). cdktf requires archiver when it loads, for the zips
 * of TerraformAsset, which the kit never creates; loading it costs ~0.1 s in every test file. This
 * loads cdktf's own archiver the first time something calls it, so behaviour is unchanged.
 */
import * as path from "path";

const real = require.resolve("archiver", { paths: [path.dirname(require.resolve("cdktf/package.json"))] });

export = function archiver(...args: unknown[]): unknown {
  return require(real)(...args);
};
