// PAL Kit's public constructs. Internal helpers (constructs/internal/) are not exported.
export * from "./partner-id";
export * from "./role-catalog";
export * from "./role-scope";
export * from "./federated-credential";
export * from "./password-credential";
export * from "./customer-principal";
export * from "./existing-principal-check";
export * from "./pec-role-assignments";
export * from "./principal-azapi-provider";
export * from "./management-partner-link";
export * from "./checks/rule-ids";
export * from "./checks/finding";
export * from "./checks/rule";
export * from "./checks/rules";
export * from "./checks/acknowledgements";
export * from "./checks/pal-checks";
