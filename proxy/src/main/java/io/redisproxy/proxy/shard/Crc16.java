package io.redisproxy.proxy.shard;

import io.netty.buffer.ByteBuf;

/**
 * CRC-16/XMODEM (polynomial 0x1021, initial value 0, no reflection), the checksum Redis Cluster
 * derives key slots from.
 */
public final class Crc16 {
  private static final int POLYNOMIAL = 0x1021;
  private static final int[] TABLE = table();

  private Crc16() {}

  /** The CRC16 of {@code buf[index, index + length)}, from 0 to 0xFFFF. */
  public static int crc16(ByteBuf buf, int index, int length) {
    int crc = 0;
    for (int at = index, end = index + length; at < end; at++) {
      crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ buf.getUnsignedByte(at)) & 0xFF]) & 0xFFFF;
    }
    return crc;
  }

  /** The CRC of each possible high byte, so that a key costs one table read per byte. */
  private static int[] table() {
    int[] table = new int[256];
    for (int high = 0; high < 256; high++) {
      int crc = high << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ POLYNOMIAL : crc << 1;
      }
      table[high] = crc & 0xFFFF;
    }
    return table;
  }
}
