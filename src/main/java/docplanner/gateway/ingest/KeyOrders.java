package docplanner.gateway.ingest;

import java.util.Arrays;

/**
 * The RFC 8785 member order of objects whose keys came before, as the same String instances in the
 * same order (the fast reader's key table, Jackson's interned names): notifications of one kind
 * repeat the same objects, so their sort is looked up instead of redone. A direct-mapped table,
 * bounded; a key sequence that was never seen, or was pushed out, is sorted as before. One per
 * {@link CanonicalJson}, so per parser: not shared between threads.
 */
final class KeyOrders {

  private static final int SLOTS = 256;
  /** Objects of more keys are rare and sorted every time ({@link #sorted}). */
  private static final int MAX_KEYS = 16;

  private final String[][] keys = new String[SLOTS][];
  private final int[][] orders = new int[SLOTS][];

  /** The order of {@code object}'s members: see {@link #of(String[], int, int)}. */
  int[] of(JsonObjectNode object) {
    return of(object.keyArray(), 0, object.size());
  }

  /**
   * As {@link #sorted}: the indices (0 for {@code names[from]}) of the members in canonical order,
   * null for a repeated key. The array returned is shared: read it, do not keep or change it.
   */
  int[] of(String[] names, int from, int size) {
    if (size < 2 || size > MAX_KEYS) {
      return sorted(names, from, size);
    }
    int hash = size;
    for (int i = from; i < from + size; i++) {
      hash = 31 * hash + System.identityHashCode(names[i]);
    }
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    String[] known = keys[slot];
    if (known != null && sameInstances(known, names, from, size)) {
      return orders[slot];
    }
    int[] order = sorted(names, from, size);
    if (order != null) { // a repeated key is refused anyway: nothing to keep
      keys[slot] = Arrays.copyOfRange(names, from, from + size);
      orders[slot] = order;
    }
    return order;
  }

  private static boolean sameInstances(String[] known, String[] names, int from, int size) {
    if (known.length != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (known[i] != names[from + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Indices (0 for {@code names[from]}) of {@code names[from, from + size)} in RFC 8785 order
   * (UTF-16 code units, which is String's natural order); null when a key is repeated.
   */
  static int[] sorted(String[] names, int from, int size) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    if (size <= MAX_KEYS) {
      for (int i = 1; i < size; i++) { // insertion sort: the common case, no allocation
        int current = order[i];
        int j = i - 1;
        while (j >= 0 && names[from + order[j]].compareTo(names[from + current]) > 0) {
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
      Arrays.sort(boxed, (a, b) -> names[from + a].compareTo(names[from + b]));
      for (int i = 0; i < size; i++) {
        order[i] = boxed[i];
      }
    }
    for (int i = 1; i < size; i++) {
      if (names[from + order[i]].equals(names[from + order[i - 1]])) {
        return null;
      }
    }
    return order;
  }
}
