/**
 * The two go-plugin side services Terraform calls besides tfplugin6.Provider, defined by hand
 * (their messages are one enum field or empty, so no .proto file is needed):
 *  - grpc.health.v1.Health/Check, always SERVING;
 *  - plugin.GRPCController/Shutdown, which stops the plugin.
 */
import * as grpc from "@grpc/grpc-js";

const identity = (b: Buffer): Buffer => b;
const empty = (): Buffer => Buffer.alloc(0);

function unaryMethod(path: string, respond: () => Buffer): grpc.MethodDefinition<Buffer, Buffer> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: respond,
    responseDeserialize: identity,
  };
}

/** HealthCheckResponse{status: SERVING}: field 1 (varint) = 1. */
const SERVING = Buffer.from([0x08, 0x01]);

const healthService: grpc.ServiceDefinition = {
  Check: unaryMethod("/grpc.health.v1.Health/Check", () => SERVING),
};

const controllerService: grpc.ServiceDefinition = {
  Shutdown: unaryMethod("/plugin.GRPCController/Shutdown", empty),
};

/** Adds the health and controller services; `onShutdown` runs after Shutdown was answered. */
export function addGoPluginServices(server: grpc.Server, onShutdown: () => void): void {
  server.addService(healthService, {
    Check: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => callback(null, SERVING),
  });
  server.addService(controllerService, {
    Shutdown: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      callback(null, Buffer.alloc(0));
      setImmediate(onShutdown);
    },
  });
}
