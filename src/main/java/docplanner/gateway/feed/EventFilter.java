package docplanner.gateway.feed;

import java.util.Set;

/** What one subscriber asked for: event names, facility ids, doctor ids (empty set: everything). */
public record EventFilter(Set<String> names, Set<String> facilities, Set<String> doctors) {

  static final EventFilter ALL = new EventFilter(Set.of(), Set.of(), Set.of());

  /** True when it lets every event through. */
  public boolean all() {
    return names.isEmpty() && facilities.isEmpty() && doctors.isEmpty();
  }

  public boolean matches(EncodedEvent event) {
    return (names.isEmpty() || names.contains(event.name()))
        && (facilities.isEmpty() || facilities.contains(event.facility()))
        && (doctors.isEmpty() || doctors.contains(event.doctor()));
  }
}
