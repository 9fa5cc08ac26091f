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
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    if (size <= 16) {
      for (int i = 1; i < size; i++) { // insertion sort: the common case, no allocation
        int current = order[i];
        int j = i - 1;
        while (j >= 0 && keys[order[j]].compareTo(keys[current]) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = current;
      }
    } else {
      Integer[] boxed = new Integer[size];
      for (int i = 0; i < size; i++) {
        boxed[i] = i;
      }
      Arrays.sort(boxed, (a, b) -> keys[a].compareTo(keys[b]));
      for (int i = 0; i < size; i++) {
        order[i] = boxed[i];
      }
    }
    for (int i = 1; i < size; i++) {
      if (keys[order[i]].equals(keys[order[i - 1]])) {
        return null;
      }
    }
    return order;
  }

  String key(int index) {
    return keys[index];
  }

  /** The keys, in arrival order (a copy). */
  String[] keys() {
    return Arrays.copyOf(keys, size);
  }

  /** Whether the keys are these very instances, in this order. */
  boolean hasKeys(String[] instances) {
    if (instances.length != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (keys[i] != instances[i]) {
        return false;
      }
    }
    return true;
  }

  /** The key's RFC 8785 bytes as given to {@link #put(String, byte[], Object)}; null when not given. */
  byte[] canonicalKey(int index) {
    return canonicalKeys[index];
  }

  Object value(int index) {
    return values[index];
  }

}
