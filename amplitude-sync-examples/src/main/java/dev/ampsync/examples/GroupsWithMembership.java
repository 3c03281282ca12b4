package dev.ampsync.examples;

import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.Region;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import java.math.BigDecimal;
import java.net.URI;

/**
 * Accounts as Amplitude groups of type {@code company}, with group properties, and each row's user
 * added to the group (a user-level membership, also set as the user property {@code company}).
 */
public final class GroupsWithMembership {
  private GroupsWithMembership() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.getenv("AMPLITUDE_API_KEY"), null);
  }

  static SyncResult run(String apiKey, URI endpoint) {
    InMemorySource memberships = InMemorySource.builder()
        .column("account_id", ColumnType.STRING)
        .column("account_name", ColumnType.STRING)
        .column("arr", ColumnType.DECIMAL)
        .column("user_id", ColumnType.STRING)
        .row("acct-0001", "Acme Corp", new BigDecimal("120000.00"), "user-00010")
        .row("acct-0001", "Acme Corp", new BigDecimal("120000.00"), "user-00011")
        .row("acct-0002", "Globex", new BigDecimal("48000.00"), "user-00020")
        .build();
    SyncJob job = SyncJob.builder("accounts")
        .source(memberships)
        .mapping(Mapping.builder(ObjectType.GROUP)
            .groupType(Value.constant("company"))
            .groupValue(Value.column("account_id"))
            .userId(Value.column("user_id"))
            .property("name", Value.column("account_name"))
            .property("arr", Value.column("arr"))
            .property("first_synced", Value.constant("2026-11-22"), PropertyOperation.SET_ONCE)
            .build())
        .destination(ExampleSupport.destination(apiKey, Region.US, endpoint))
        .build();
    return ExampleSupport.runOrPreview(job, apiKey);
  }
}
