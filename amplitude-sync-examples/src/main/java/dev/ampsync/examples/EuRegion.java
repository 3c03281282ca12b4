package dev.ampsync.examples;

import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.Region;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import java.net.URI;

/**
 * An EU project: its API key is valid only on {@code api.eu.amplitude.com}, so the client uses
 * {@link Region#EU}. A US key sent there (or an EU key sent to the US host) is refused as an invalid
 * API key, and the run stops at its first request.
 */
public final class EuRegion {
  private EuRegion() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.getenv("AMPLITUDE_API_KEY"), null);
  }

  static SyncResult run(String apiKey, URI endpoint) {
    SyncJob job = SyncJob.builder("eu-users")
        .source(InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("country", ColumnType.STRING)
            .row("user-00042", "Germany")
            .build())
        .mapping(Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .field("country", Value.column("country"))
            .build())
        .destination(ExampleSupport.destination(apiKey, Region.EU, endpoint))
        .build();
    return ExampleSupport.runOrPreview(job, apiKey);
  }
}
