// @ocean-ts/mainstay: attestation service, commitment Merkle tree, REST API, signers and client tools.
export {};
