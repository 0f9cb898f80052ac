import { createHash } from 'node:crypto';

/** The namespace of every id the hub derives for the objects it exports (a fixed, random UUID). */
export const HUB_EXPORT_NAMESPACE = '4f1c6d2e-8a57-4b0e-9d3c-2b7e61a0c5f4';

/** STIX 2.1's namespace for the ids of cyber-observable objects (section 2.9 of the specification). */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/**
 * RFC 9562 UUID version 5: SHA-1 of the namespace's bytes and the name. The same hub id gives the same
 * exported id on every export, so a receiver updates its objects instead of duplicating them.
 */
export function uuidV5(name: string, namespace: string = HUB_EXPORT_NAMESPACE): string {
  const ns = namespaceBytes(namespace);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
