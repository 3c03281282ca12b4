package dev.ampsync.internal.engine;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.PropertyMapping;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code on_removed: unset}: after a run that read the whole source, each key in the state that no
 * row of the run had gets its mapped properties unset, and is forgotten once Amplitude acknowledged
 * that (at once when nothing is mapped). Streams over the state: the client's backpressure paces the
 * iteration, so memory stays bounded.
 */
final class RemovedKeys {
  private final ObjectType objectType;
  private final List<String> names = new ArrayList<>();
  /** Whether group rows carry member lists ({@code members}): memberships then have keys of their own. */
  private final boolean members;
  private final RunState state;
  private final Committer committer;
  private final Outstanding outstanding;
  private final AtomicLong removed = new AtomicLong();

  RemovedKeys(Mapping mapping, RunState state, Committer committer, Outstanding outstanding) {
    this.objectType = mapping.objectType();
    this.members = mapping.members().isPresent();
    for (PropertyMapping property : mapping.properties()) {
      names.add(property.name());
    }
    this.state = state;
    this.committer = committer;
    this.outstanding = outstanding;
  }

  /**
   * Unsets the properties of every stored key not in {@code seen}.
   *
   * @return {@link StopReason.ClientFailed} when the client stopped accepting records, else null
   */
  StopReason unsetAll(AmplitudeClient client, SeenKeys seen) throws InterruptedException {
    return unsetAll(client, seen, state::forEachKey);
  }

  /**
   * Unsets the properties of every key {@code candidates} gives that is not in {@code seen}: the
   * state's keys, or those a warehouse planner found no model row has.
   */
  StopReason unsetAll(AmplitudeClient client, SeenKeys seen, Consumer<Consumer<String>> candidates)
      throws InterruptedException {
    try {
      candidates.accept(key -> {
        if (!seen.contains(key)) {
          unset(client, key);
        }
      });
      return null;
    } catch (AmplitudeException stopped) {
      return new StopReason.ClientFailed(stopped.getMessage());
    } catch (Interrupted interrupted) {
      throw interrupted.cause;
    }
  }

  /** Returns how many keys were forgotten. */
  long removed() {
    return removed.get();
  }

  private void unset(AmplitudeClient client, String key) {
    if (names.isEmpty() || members && isMembership(key)) {
      // Amplitude has no way to take a user out of a group: a membership that left is forgotten, and
      // its group's properties are unset only when the group itself left (its own key).
      forget(key);
      return;
    }
    try {
      CompletableFuture<Outcome> outcome = client.submit(removal(key));
      outstanding.add();
      outcome.whenComplete((o, unexpected) -> {
        try {
          if (unexpected == null && o.isAccepted()) {
            forget(key);
          }
        } finally {
          outstanding.done();
        }
      });
    } catch (InterruptedException e) {
      throw new Interrupted(e);
    }
  }

  /** A membership's key has the member after the group's type and value. */
  private static boolean isMembership(String key) {
    int first = key.indexOf(Keys.GROUP_SEPARATOR);
    return first >= 0 && key.indexOf(Keys.GROUP_SEPARATOR, first + 1) >= 0;
  }

  private void forget(String key) {
    committer.remove(key);
    removed.incrementAndGet();
  }

  /** The record that unsets the mapped properties of a key. */
  AmplitudeRecord removal(String key) {
    PropertyOperations.Builder unset = PropertyOperations.builder();
    names.forEach(unset::unset);
    PropertyOperations properties = unset.build();
    return switch (objectType) {
      case USER -> UserRecord.builder(key).userProperties(properties).build();
      case DEVICE -> DeviceRecord.builder(key).userProperties(properties).build();
      case GROUP -> {
        String[] parts = key.split(String.valueOf(Keys.GROUP_SEPARATOR), -1);
        yield GroupRecord.builder(parts[0], parts[1]).groupProperties(properties).build();
      }
      case EVENT -> throw new AssertionError("events are never removed");
    };
  }

  /** Carries an interrupt out of a state iteration. */
  private static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient InterruptedException cause;

    Interrupted(InterruptedException cause) {
      super(cause);
      this.cause = cause;
    }
  }
}
