package docplanner.gateway.ingest;

import java.util.Arrays;

/**
 * A parsed JSON object as parallel key/value arrays, in arrival order. Cheaper than a map for the
 * small objects of a notification: lookups are a short linear scan, and the canonical writer sorts
 * the keys once (which also finds repeated keys, as neighbours).
 */
final class JsonObjectNode {

  private String[] keys = new String[8];
  private byte[][] canonicalKeys = new byte[8][];
  private Object[] values = new Object[8];
  private int size;

  void put(String key, Object value) {
    put(key, null, value);
  }

  /** @param canonicalKey the key's RFC 8785 bytes with its quotes, when the reader has them (or null) */
  void put(String key, byte[] canonicalKey, Object value) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      canonicalKeys = Arrays.copyOf(canonicalKeys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    keys[size] = key;
    canonicalKeys[size] = canonicalKey;
    values[size] = value;
    size++;
  }

  /** The value of {@code key}, or null when absent (or JSON null). */
  Object get(String key) {
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  int size() {
    return size;
  }

  /**
   * Indices of the members in RFC 8785 order (UTF-16 code units, which is String's natural order);
   * returns null when a key is repeated.
   */
  int[] sortedOrder() {
    return KeyOrders.sorted(keys, 0, size);
  }

  String key(int index) {
    return keys[index];
  }

  /** The keys in arrival order, in an array that may be longer than {@link #size()}: read only. */
  String[] keyArray() {
    return keys;
  }

  /** The key's RFC 8785 bytes as given to {@link #put(String, byte[], Object)}; null when not given. */
  byte[] canonicalKey(int index) {
    return canonicalKeys[index];
  }

  Object value(int index) {
    return values[index];
  }

}
