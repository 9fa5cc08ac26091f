package docplanner.gateway.ingest;

/**
 * The RFC 8785 member order of objects whose keys came before, as the same String instances in the
 * same order (the fast reader's key table, Jackson's interned names): notifications of one kind
 * repeat the same objects, so their sort is looked up instead of redone. A direct-mapped table,
 * bounded; a key sequence that was never seen, or was pushed out, is sorted as before. One per
 * {@link CanonicalJson}, so per parser: not shared between threads.
 */
final class KeyOrders {

  private static final int SLOTS = 256;
  /** Objects of more keys are rare and sorted every time (JsonObjectNode#sortedOrder). */
  private static final int MAX_KEYS = 16;

  private final String[][] keys = new String[SLOTS][];
  private final int[][] orders = new int[SLOTS][];

  /** As {@link JsonObjectNode#sortedOrder}: member indices in canonical order, null for a repeated key. */
  int[] of(JsonObjectNode object) {
    int size = object.size();
    if (size < 2 || size > MAX_KEYS) {
      return object.sortedOrder();
    }
    int hash = size;
    for (int i = 0; i < size; i++) {
      hash = 31 * hash + System.identityHashCode(object.key(i));
    }
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    String[] known = keys[slot];
    if (known != null && object.hasKeys(known)) {
      return orders[slot];
    }
    int[] order = object.sortedOrder();
    if (order != null) { // a repeated key is refused anyway: nothing to keep
      keys[slot] = object.keys();
      orders[slot] = order;
    }
    return order;
  }
}
