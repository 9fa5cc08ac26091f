package docplanner.gateway.store;

import docplanner.gateway.event.Verdict;

/**
 * What Redis confirmed for one notification.
 *
 * @param id        the stream id: the new entry, or for a duplicate the entry stored the first time
 * @param duplicate true when the fingerprint was already stored within the dedupe window
 * @param verdict   for blocking events the verdict stored with the first copy (a duplicate gets the
 *                  answer the original got), otherwise null
 */
public record Stored(String id, boolean duplicate, Verdict verdict) {
}
