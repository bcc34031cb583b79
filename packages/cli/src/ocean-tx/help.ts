/** Help text of `ocean-tx -help` (bitcoin-tx 0.14's, with the chain options and Ocean commands). */
export const HELP_TEXT = `Ocean ocean-tx utility version v2.1.1.1 (ocean-ts)

Usage:
  ocean-tx [options] <hex-tx> [commands]  Update hex-encoded Ocean transaction
  ocean-tx [options] -create [commands]   Create hex-encoded Ocean transaction

Options:

  -?
       This help message

  -create
       Create new, empty TX.

  -json
       Select JSON output (the decoderawtransaction view)

  -txid
       Output only the hex-encoded transaction id of the resultant transaction.

Chain selection options:

  -chain=<chain>
       Use the chain <chain> (default: ocean_test). Genesis options
       (-initialfreecoins, -policycoins, -...coinsdestination,
       -parentgenesisblockhash, -fedpegscript, -signblockscript, -assetdir,
       ...) select the same chain parameters and asset labels as oceand.

  -regtest
       Use the regression test chain (elementsregtest)

  -datadir=<dir>
       Read the chain's terms-and-conditions files from <dir>

Commands:

  asset=ASSET
       Set the asset (label such as CBT, or 64-character hex id) of the
       outputs added after it (default: the chain's pegged asset, CBT)

  delin=N
       Delete input N from TX

  delout=N
       Delete output N from TX

  in=TXID:VOUT(:SEQUENCE_NUMBER)
       Add input to TX

  locktime=N
       Set TX lock time to N

  nversion=N
       Set TX version to N

  outaddr=VALUE:ADDRESS
       Add address-based output to TX (a confidential address puts its
       blinding public key into the output nonce)

  outdata=[VALUE:]DATA
       Add data-based output to TX

  outfee=VALUE
       Add an explicit fee output (empty script) to TX

  outmultisig=VALUE:REQUIRED:PUBKEYS:PUBKEY1:PUBKEY2:....[:FLAGS]
       Add Pay To n-of-m Multi-sig output to TX. n = REQUIRED, m = PUBKEYS.
       Optionally add the "W" flag to produce a pay-to-witness-script-hash
       output. Optionally add the "S" flag to wrap the output in a
       pay-to-script-hash.

  outpubkey=VALUE:PUBKEY[:FLAGS]
       Add pay-to-pubkey output to TX. Optionally add the "W" flag to produce
       a pay-to-witness-pubkey-hash output. Optionally add the "S" flag to
       wrap the output in a pay-to-script-hash.

  outscript=VALUE:SCRIPT[:FLAGS]
       Add raw script output to TX. Optionally add the "W" flag to produce a
       pay-to-witness-script-hash output. Optionally add the "S" flag to wrap
       the output in a pay-to-script-hash.

  sign=SIGHASH-FLAGS
       Add zero or more signatures to transaction. This command requires JSON
       registers:prevtxs=JSON object, privatekeys=JSON object. See
       signrawtransaction docs for format of sighash flags, JSON objects.

Register Commands:

  load=NAME:FILENAME
       Load JSON file FILENAME into register NAME

  set=NAME:JSON-STRING
       Set register NAME to given JSON-STRING

`;
