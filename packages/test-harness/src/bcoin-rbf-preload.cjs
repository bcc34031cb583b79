'use strict';
// BIP125 replace-by-fee for bcoin 1.0.2's mempool, the way Bitcoin Core 0.14 does it
// (validation.cpp, AcceptToMemoryPoolWorker). bcoin accepts signalling transactions but rejects
// every double spend of a mempool outpoint ('bad-txns-inputs-spent'). Loaded by the preload that
// BcoinRegtest writes (`require(<this file>)(<bcoin root>)`), before bcoin's bin/node runs.
//
// Where the hooks sit in bcoin's Mempool#insertTX (same order as Core's checks):
// - isDoubleSpend (after sanity/standard/final/already-known checks, before the coin view): every
//   directly conflicting mempool tx must signal (an input nSequence < 0xfffffffe; like Core, not
//   inherited from unconfirmed ancestors), else 258 'txn-mempool-conflict'. The conflicts are
//   remembered for this tx and the double-spend test answers false.
// - verifyInputs (first call, i.e. after bcoin's fee/ancestor/checkInputs checks and before the
//   scripts): 'bad-txns-spends-conflicting-tx', then per conflict the new fee rate must beat the
//   old one ('insufficient fee'), at most 100 txs to evict ('too many potential replacements'),
//   no new unconfirmed inputs ('replacement-adds-unconfirmed'), fee >= evicted fees (conflicts and
//   their descendants) + incremental relay fee (1 sat/vB) for its own size ('insufficient fee').
// - addEntry (verification passed): the conflicts and their descendants are evicted, then the
//   replacement is added. A rejected replacement leaves the mempool untouched.
// FullNode#sendTX swallows score-0 VerifyErrors (REST /broadcast answers success); the rejections
// above are rethrown there so the caller sees bitcoind's "<code>: <reason>".

const path = require('path');

/** Core's maxDescendantsToVisit. */
const MAX_REPLACEMENTS = 100;
/** Core's DEFAULT_INCREMENTAL_RELAY_FEE, satoshis per 1000 virtual bytes. */
const INCREMENTAL_RELAY_FEE = 1000;
/** An input with a sequence below this signals replaceability (BIP125). */
const MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;

const REPLACING = Symbol('bip125 replacements in progress');
const REJECTED = Symbol('bip125 rejections for sendTX');
const BIP125 = Symbol('bip125 rejection');

module.exports = function installReplaceByFee(bcoinRoot) {
  const Mempool = require(path.join(bcoinRoot, 'lib/mempool/mempool.js'));
  const FullNode = require(path.join(bcoinRoot, 'lib/node/fullnode.js'));
  const { VerifyError } = require(path.join(bcoinRoot, 'lib/protocol/errors.js'));

  const reject = (tx, code, reason) => {
    const err = new VerifyError(tx, code, reason, 0);
    err[BIP125] = true;
    return err;
  };

  const replacing = (mempool) => (mempool[REPLACING] ??= new Map());
  const rejected = (mempool) => (mempool[REJECTED] ??= new Map());

  const insertTX = Mempool.prototype.insertTX;
  Mempool.prototype.insertTX = async function insertTXWithReplacement(tx, id) {
    const hash = tx.hash('hex');
    try {
      return await insertTX.call(this, tx, id);
    } catch (err) {
      if (err && err[BIP125]) {
        const map = rejected(this);
        if (map.size > 1000) map.clear();
        map.set(hash, err);
      }
      throw err;
    } finally {
      replacing(this).delete(hash);
    }
  };

  const isDoubleSpend = Mempool.prototype.isDoubleSpend;
  Mempool.prototype.isDoubleSpend = function isDoubleSpendUnlessReplacing(tx) {
    if (!this.options.replaceByFee) return isDoubleSpend.call(this, tx);
    const conflicts = directConflicts(this, tx);
    if (conflicts.length === 0) return false;
    for (const entry of conflicts) {
      if (!signalsReplacement(entry.tx)) {
        this.emit('conflict', tx);
        throw reject(tx, 'conflict', 'txn-mempool-conflict');
      }
    }
    replacing(this).set(tx.hash('hex'), { conflicts, entry: null, checked: false });
    return false;
  };

  const verify = Mempool.prototype.verify;
  Mempool.prototype.verify = function verifyRememberingEntry(entry, view) {
    const ctx = replacing(this).get(entry.tx.hash('hex'));
    if (ctx) ctx.entry = entry;
    return verify.call(this, entry, view);
  };

  const verifyInputs = Mempool.prototype.verifyInputs;
  Mempool.prototype.verifyInputs = async function verifyInputsAfterReplacementRules(tx, view, flags) {
    const ctx = replacing(this).get(tx.hash('hex'));
    if (ctx && !ctx.checked && ctx.entry) checkReplacement(this, ctx);
    return await verifyInputs.call(this, tx, view, flags);
  };

  const addEntry = Mempool.prototype.addEntry;
  Mempool.prototype.addEntry = function addEntryEvictingConflicts(entry, view) {
    const ctx = replacing(this).get(entry.tx.hash('hex'));
    if (ctx) {
      ctx.entry = entry;
      if (!ctx.checked) checkReplacement(this, ctx);
      for (const old of ctx.conflicts) {
        if (!this.hasEntry(old.tx.hash('hex'))) continue; // already gone as a descendant of another
        this.logger.info('Replacing %s with %s (BIP125).', old.tx.txid(), entry.tx.txid());
        this.evictEntry(old);
      }
    }
    return addEntry.call(this, entry, view);
  };

  const sendTX = FullNode.prototype.sendTX;
  FullNode.prototype.sendTX = async function sendTXReportingReplacementRules(tx) {
    const hash = tx.hash('hex');
    const map = rejected(this.mempool);
    map.delete(hash);
    await sendTX.call(this, tx);
    const err = map.get(hash);
    if (err) {
      map.delete(hash);
      throw err;
    }
  };

  /** Core's replacement checks for `ctx.entry` against `ctx.conflicts`; throws a VerifyError. */
  function checkReplacement(mempool, ctx) {
    const { entry, conflicts } = ctx;
    const tx = entry.tx;
    const conflictSet = new Set(conflicts.map((e) => e.tx.hash('hex')));
    for (const ancestor of mempool.getAncestors(entry)) {
      if (conflictSet.has(ancestor.tx.hash('hex'))) throw reject(tx, 'invalid', 'bad-txns-spends-conflicting-tx');
    }

    const newRate = feeRate(entry.deltaFee, entry.size);
    const conflictParents = new Set();
    let count = 0;
    for (const old of conflicts) {
      if (newRate <= feeRate(old.deltaFee, old.size)) throw reject(tx, 'insufficientfee', 'insufficient fee');
      for (const { prevout } of old.tx.inputs) conflictParents.add(prevout.hash);
      count += 1 + mempool.countDescendants(old);
    }
    if (count > MAX_REPLACEMENTS) throw reject(tx, 'nonstandard', 'too many potential replacements');

    const evicted = new Map();
    for (const old of conflicts) {
      evicted.set(old.tx.hash('hex'), old);
      for (const d of mempool.getDescendants(old)) evicted.set(d.tx.hash('hex'), d);
    }
    let evictedFees = 0;
    for (const e of evicted.values()) evictedFees += e.deltaFee;

    for (const { prevout } of tx.inputs) {
      if (!conflictParents.has(prevout.hash) && mempool.hasEntry(prevout.hash)) {
        throw reject(tx, 'nonstandard', 'replacement-adds-unconfirmed');
      }
    }
    if (entry.deltaFee < evictedFees) throw reject(tx, 'insufficientfee', 'insufficient fee');
    if (entry.deltaFee - evictedFees < incrementalFee(entry.size)) throw reject(tx, 'insufficientfee', 'insufficient fee');
    ctx.checked = true;
  }
};

/** The mempool entries spending an outpoint `tx` spends, each once. */
function directConflicts(mempool, tx) {
  const found = new Map();
  for (const { prevout } of tx.inputs) {
    const entry = mempool.getSpent(prevout.hash, prevout.index);
    if (entry) found.set(entry.tx.hash('hex'), entry);
  }
  return [...found.values()];
}

/** BIP125 opt-in as Core 0.14 checks it: one of the tx's own inputs has nSequence < 0xfffffffe. */
function signalsReplacement(tx) {
  return tx.inputs.some((input) => input.sequence <= MAX_BIP125_RBF_SEQUENCE);
}

/** Core's CFeeRate(fee, size): satoshis per 1000 bytes, truncated. */
function feeRate(fee, size) {
  return size > 0 ? Math.trunc((fee * 1000) / size) : 0;
}

/** Core's CFeeRate::GetFee at the incremental relay fee (at least 1 satoshi). */
function incrementalFee(size) {
  const fee = Math.trunc((INCREMENTAL_RELAY_FEE * size) / 1000);
  return fee === 0 && size !== 0 ? 1 : fee;
}
