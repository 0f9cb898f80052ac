/** The room every socket of an organisation's members is put in at the handshake. */
export const organisationRoom = (organisationId: string): string => `org:${organisationId}`;
