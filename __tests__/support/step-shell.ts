/** Runs a CI step's shell script the way a runner does, and nothing of this machine's shell setup. */
import { spawnSync, SpawnSyncReturns } from "child_process";

/**
 * `bash -c <script>` with exactly `env`, stdin closed. Not a pipe: Node's pipes are sockets, and
 * bash reads ~/.bashrc when its stdin is a socket (it takes that for a remote shell), which would
 * run this machine's shell setup (pyenv and the like) in every step the tests run.
 */
export function runStep(script: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync("bash", ["-c", script], { encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] });
}
