/** Runs the PAL checks on an app built by a test and returns the findings: the shared helper of the rule tests. */
import { App } from "cdktf";
import { Finding } from "../../constructs/checks/finding";
import { PalChecks, PalChecksOptions } from "../../constructs/checks/pal-checks";
import { UNSYNTHESISED_OUTDIR } from "./unsynthesised-outdir";

export function findingsOf(build: (app: App) => void, options: PalChecksOptions = {}): Finding[] {
  const app = new App({ outdir: UNSYNTHESISED_OUTDIR, stackTraces: false, skipValidation: true });
  build(app);
  const checks = new PalChecks(options);
  for (const node of app.node.findAll()) checks.visit(node);
  return checks.findings;
}

/** The findings of one rule. */
export function findingsOfRule(rule: string, build: (app: App) => void, options: PalChecksOptions = {}): Finding[] {
  return findingsOf(build, options).filter((f) => f.rule === rule);
}
