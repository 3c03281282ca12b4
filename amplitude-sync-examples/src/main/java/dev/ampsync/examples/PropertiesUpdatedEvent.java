package dev.ampsync.examples;

import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.Region;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.state.StateStores;
import java.net.URI;

/**
 * Amplitude shows identify changes only from a user's next event. This example sends a synthetic
 * "Properties Updated" event after each changed user, so the new plan shows at once; with a state
 * store, an unchanged user sends neither. Mark "Properties Updated" inactive in Amplitude (Data →
 * Events → Activity) so it does not count users as active; it does count toward event volume.
 */
public final class PropertiesUpdatedEvent {
  private PropertiesUpdatedEvent() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.getenv("AMPLITUDE_API_KEY"), null);
  }

  static SyncResult run(String apiKey, URI endpoint) {
    SyncJob job = SyncJob.builder("plans")
        .source(InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .row("user-00001", "pro")
            .row("user-00002", "enterprise")
            .build())
        .mapping(Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("plan", Value.column("plan"))
            .build())
        .destination(ExampleSupport.destination(apiKey, Region.US, endpoint))
        .state(StateStores.memory())
        .syntheticEvent("Properties Updated")
        .build();
    return ExampleSupport.runOrPreview(job, apiKey);
  }
}
