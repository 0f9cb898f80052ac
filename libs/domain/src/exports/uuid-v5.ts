import { hash } from 'node:crypto';

/** The namespace of every id the hub derives for the objects it exports (a fixed, random UUID). */
export const HUB_EXPORT_NAMESPACE = '4f1c6d2e-8a57-4b0e-9d3c-2b7e61a0c5f4';

/** STIX 2.1's namespace for the ids of cyber-observable objects (section 2.9 of the specification). */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** The variant's hex digit (RFC 9562: `10xx`) for a digest's hex digit. */
const VARIANT = '89ab89ab89ab89ab';

/**
 * One buffer the namespace and the name are written into before hashing: an export or a TAXII page
 * derives thousands of ids in a row, and a one-shot `hash` over a reused buffer costs a third of a
 * `createHash` chain. Used synchronously only, so never shared by two calls.
 */
let scratch = Buffer.alloc(1024);

/**
 * RFC 9562 UUID version 5: SHA-1 of the namespace's bytes and the name. The same hub id gives the same
 * exported id on every export, so a receiver updates its objects instead of duplicating them.
 */
export function uuidV5(name: string, namespace: string = HUB_EXPORT_NAMESPACE): string {
  const ns = namespaceBytes(namespace);
  const size = 16 + Buffer.byteLength(name, 'utf8');
  if (size > scratch.length) scratch = Buffer.alloc(2 ** Math.ceil(Math.log2(size)));
  ns.copy(scratch, 0);
  scratch.write(name, 16, 'utf8');
  const hex = hash('sha1', scratch.subarray(0, size), 'hex');
  // The version (5) replaces the 13th hex digit, the variant the top bits of the 17th.
  return (
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-` +
    `${VARIANT[parseInt(hex[16], 16)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  );
}

/** Namespaces' bytes, read once: an export or a TAXII page derives thousands of ids from the same two. */
const NAMESPACES = new Map<string, Buffer>();

function namespaceBytes(namespace: string): Buffer {
  let bytes = NAMESPACES.get(namespace);
  if (!bytes) {
    bytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    if (bytes.length !== 16) throw new Error(`not a UUID: ${namespace}`);
    if (NAMESPACES.size < 16) NAMESPACES.set(namespace, bytes);
  }
  return bytes;
}
