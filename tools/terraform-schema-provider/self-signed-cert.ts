/**
 * Generates the plugin's TLS server certificate for go-plugin AutoMTLS in pure Node (no
 * `openssl` process): an ECDSA P-256 key and a self-signed X.509 v3 certificate for
 * `localhost`, shaped like the one go-plugin itself generates (CA, server+client auth),
 * because Terraform trusts exactly this certificate as the root and checks the name
 * `localhost`.
 */
import * as crypto from "crypto";
import {
  bitString,
  booleanTrue,
  explicit,
  implicitPrimitive,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from "./der";

export interface SelfSignedCertificate {
  /** PEM certificate for the TLS server. */
  certPem: string;
  /** PEM (PKCS#8) private key for the TLS server. */
  keyPem: string;
  /** DER certificate, base64 without padding: the last field of the go-plugin handshake line. */
  certBase64Der: string;
}

const OID = {
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), booleanTrue(), octetString(value)) : sequence(oid(id), octetString(value));
}

function name(): Buffer {
  return sequence(
    set(sequence(oid(OID.organization), utf8String("PAL Kit schema-only provider"))),
    set(sequence(oid(OID.commonName), utf8String("localhost"))),
  );
}

/** Creates a fresh key and certificate, valid from one minute ago for 30 days. */
export function generateSelfSignedCertificate(now: Date = new Date()): SelfSignedCertificate {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const signatureAlgorithm = sequence(oid(OID.ecdsaWithSha256));
  const serial = crypto.randomBytes(16);
  serial[0] &= 0x7f;
  // keyUsage bits: digitalSignature(0) keyEncipherment(2) keyAgreement(4) keyCertSign(5) = 0b10101100, 2 unused bits.
  const keyUsage = bitString(Buffer.from([0xac]), 2);
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    signatureAlgorithm,
    name(),
    sequence(time(new Date(now.getTime() - 60_000)), time(new Date(now.getTime() + 30 * 24 * 3600_000))),
    name(),
    publicKey.export({ type: "spki", format: "der" }),
    explicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence(booleanTrue())),
        extension(OID.keyUsage, true, keyUsage),
        extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth), oid(OID.clientAuth))),
        extension(
          OID.subjectAltName,
          false,
          sequence(implicitPrimitive(2, Buffer.from("localhost", "ascii")), implicitPrimitive(7, Buffer.from([127, 0, 0, 1]))),
        ),
      ),
    ),
  );
  const signature = crypto.sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));
  const base64 = der.toString("base64");
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    certBase64Der: base64.replace(/=+$/, ""),
  };
}
