// @ocean-ts/core public API. Modules are listed bottom-up: encoding → crypto → primitives →
// script → assets/chain/address → consensus → format.

// encoding
export * from './encoding/errors.js';
export * from './encoding/hex.js';
export * from './encoding/reader.js';
export * from './encoding/writer.js';
export * from './encoding/compact-size.js';
export * from './encoding/base58.js';

// crypto
export * from './crypto/hash.js';
export type { Secp256k1 } from './crypto/secp256k1.js';
export * from './crypto/secp256k1-native.js';
export * from './crypto/secp256k1-noble.js';
export * from './crypto/der.js';

// primitives
export * from './primitives/amount.js';
export * from './primitives/locktime.js';
export * from './primitives/confidential.js';
export * from './primitives/outpoint.js';
export * from './primitives/asset-issuance.js';
export * from './primitives/tx-in.js';
export * from './primitives/tx-out.js';
export * from './primitives/witness.js';
export * from './primitives/merkle.js';
export * from './primitives/transaction.js';
export * from './primitives/transaction-builder.js';
export * from './primitives/block-header.js';
export * from './primitives/block.js';
export * from './primitives/partial-merkle-tree.js';
export * from './primitives/merkle-block.js';
export * from './crypto/murmur-hash3.js';
export * from './bloom/bloom-filter.js';
export * from './bloom/filtered-merkle-block.js';

// script
export * from './script/opcodes.js';
export * from './script/script-num.js';
export * from './script/op-reader.js';
export * from './script/script-builder.js';
export * from './script/script.js';
export * from './script/asm.js';
export * from './script/errors.js';
export * from './script/flags.js';
export * from './script/checker.js';
export * from './script/ecdsa-checker.js';
export * from './script/block-proof-checker.js';
export * from './script/transaction-checker.js';
export * from './script/signature-encoding.js';
export * from './script/interpreter.js';
export * from './script/sighash.js';
export * from './script/precomputed-transaction-data.js';
export * from './script/standard.js';
export * from './script/sign/signing-provider.js';
export * from './script/sign/memory-signing-provider.js';
export * from './script/sign/signature-creator.js';
export * from './script/sign/produce-signature.js';
export * from './script/sign/combine-signatures.js';
export * from './script/sign/sign-transaction.js';
export * from './script/sign/signed-message.js';
export * from './script/sign/sighash-names.js';

// assets
export * from './assets/asset-id.js';
export * from './assets/issuance-ids.js';

// chain
export * from './chain/errors.js';
export * from './chain/option-values.js';
export { atoi64, interpretBool, parseInt64Strict } from './chain/option-parsing.js';
export * from './chain/chain-selection.js';
export * from './chain/chain-options.js';
export * from './chain/base58-prefixes.js';
export * from './chain/policy-assets.js';
export * from './chain/data-file.js';
export * from './chain/contract-terms.js';
export * from './chain/height-schedule.js';
export * from './chain/genesis.js';
export * from './chain/consensus-params.js';
export * from './chain/asset-labels.js';
export * from './chain/chain-params.js';
export * from './chain/known-options.js';

// address
export * from './address/destination.js';
export * from './address/address.js';
export * from './address/parent-address.js';
export * from './address/wif.js';
export * from './address/extended-key.js';
export * from './address/contract-tweak.js';

// plain Bitcoin (mainchain) transactions, sighashes, addresses — not Ocean's format
export * from './bitcoin/bitcoin-network.js';
export * from './bitcoin/bitcoin-tx-in.js';
export * from './bitcoin/bitcoin-tx-out.js';
export * from './bitcoin/bitcoin-transaction.js';
export * from './bitcoin/bitcoin-sighash.js';
export * from './bitcoin/bech32.js';
export * from './bitcoin/bitcoin-address.js';
export * from './bitcoin/bitcoin-wif.js';

// consensus
export * from './consensus/reject.js';
export * from './consensus/limits.js';
export * from './consensus/fees.js';
export * from './consensus/check-transaction.js';
export * from './consensus/confidential-verifier.js';
export * from './consensus/zkp-verifier.js';
export * from './consensus/amounts.js';
export * from './consensus/coin-view.js';
export * from './consensus/consensus-rules.js';
export * from './consensus/pegin.js';
export * from './consensus/eth-pegin.js';
export * from './consensus/input-scripts.js';
export * from './consensus/tx-inputs.js';
export * from './consensus/script-check.js';
export * from './consensus/sigops.js';
export * from './consensus/sequence-locks.js';
export * from './consensus/block-checks.js';
export * from './consensus/connect-block.js';

// confidential transactions: blinding keys, blinding, unblinding
export * from './confidential/random-source.js';
export * from './confidential/blinding-key.js';
export type { ConfidentialPrimitives, RangeProofSignArgs, RewoundRangeProof } from './confidential/confidential-primitives.js';
export * from './confidential/zkp-confidential-primitives.js';
export * from './confidential/blind-transaction.js';
export * from './confidential/dummy-output.js';
export * from './confidential/unblind.js';

// policy (guardnode requests and bids, policy-list registration scripts)
export * from './policy/request.js';
export * from './policy/bid.js';
export * from './policy/auction-price.js';
export * from './policy/request-validity.js';
export * from './policy/policy-list-script.js';
export * from './policy/register-address-payload.js';
export * from './policy/encrypted-register-payload.js';
export * from './policy/ecies.js';
export * from './policy/kyc-file.js';
export * from './policy/onboarding-script.js';

// format (decoderawtransaction / decodescript JSON)
export * from './format/json-number.js';
export * from './format/json-object.js';
export type { JsonValue } from './format/json-value.js';
export * from './format/json-writer.js';
export * from './format/json-reader.js';
export * from './format/json-diff.js';
export * from './format/value-from-amount.js';
export * from './format/rangeproof-info.js';
export type { TxJsonOptions } from './format/tx-json-options.js';
export * from './format/script-pubkey-json.js';
export * from './format/decode-script-json.js';
export * from './format/tx-to-json.js';
