import { Reader, TxOut, Writer, type Coin } from '@ocean-ts/core';

/** A coin as stored: u32le (height << 1 | coinbase) followed by the serialized TxOut. */
export function encodeCoin(coin: Coin): Uint8Array {
  const w = new Writer();
  writeCoin(w, coin);
  return w.finish();
}

export function writeCoin(w: Writer, coin: Coin): void {
  if (!Number.isInteger(coin.height) || coin.height < 0 || coin.height > 0x7fffffff) throw new RangeError(`coin height out of range: ${coin.height}`);
  w.u32le(coin.height * 2 + (coin.isCoinbase ? 1 : 0));
  coin.out.write(w);
}

export function readCoin(r: Reader): Coin {
  const code = r.u32le();
  const out = TxOut.read(r);
  return { out, height: Math.floor(code / 2), isCoinbase: (code & 1) === 1 };
}

export function decodeCoin(bytes: Uint8Array): Coin {
  const r = new Reader(bytes);
  const coin = readCoin(r);
  r.expectEnd('coin');
  return coin;
}
