/**
 * The go-plugin handshake as Terraform 1.11 speaks it: the magic cookie it sets, the protocol
 * version list, and the single line the plugin prints on stdout once it listens.
 */

export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/** go-plugin core protocol version (first field of the handshake line). */
export const CORE_PROTOCOL_VERSION = 1;
/** The only Terraform plugin protocol this plugin speaks. */
export const PLUGIN_PROTOCOL_VERSION = 6;

/**
 * Checks the environment Terraform starts a managed plugin with; returns an error message,
 * or `undefined` when the plugin may start.
 */
export function checkManagedEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    return (
      "This binary is a Terraform provider plugin (schema-only). It is started by Terraform " +
      "through a dev_overrides CLI config, not run directly; for a harness, pass --unmanaged."
    );
  }
  const versions = (env.PLUGIN_PROTOCOL_VERSIONS ?? "").split(",").map((v) => v.trim());
  if (!versions.includes(String(PLUGIN_PROTOCOL_VERSION))) {
    return (
      `Terraform offers plugin protocol versions "${env.PLUGIN_PROTOCOL_VERSIONS ?? ""}" but this plugin ` +
      `speaks only version ${PLUGIN_PROTOCOL_VERSION}; use Terraform 1.0 or newer.`
    );
  }
  return undefined;
}

/** `1|6|tcp|127.0.0.1:<port>|grpc|<server cert base64 DER, no padding, or empty>` */
export function handshakeLine(port: number, certBase64Der = ""): string {
  return `${CORE_PROTOCOL_VERSION}|${PLUGIN_PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc|${certBase64Der}`;
}
