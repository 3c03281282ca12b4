package dev.ampsync.examples;

import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.Region;
import dev.ampsync.jdbc.JdbcSource;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import java.net.URI;
import java.nio.file.Path;

/**
 * Users from PostgreSQL: plan, lifetime value and trial end, synced incrementally (only changed
 * properties are sent on later runs), NULLs unset in Amplitude.
 *
 * <pre>
 * PGURL=jdbc:postgresql://127.0.0.1:5432/test AMPLITUDE_API_KEY=... \
 *   java -cp amplitude-sync-examples/target/amplitude-sync-examples.jar dev.ampsync.examples.UsersFromPostgres
 * </pre>
 *
 * <p>Expects a table {@code users(id, plan, lifetime_value, trial_end, created_at)}.
 */
public final class UsersFromPostgres {
  private UsersFromPostgres() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    String url = System.getenv().getOrDefault("PGURL", "jdbc:postgresql://127.0.0.1:5432/test");
    run(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"), System.getenv("AMPLITUDE_API_KEY"), null,
        Path.of(".ampsync/examples"));
  }

  static SyncResult run(String url, String user, String password, String apiKey, URI endpoint, Path stateDir) {
    // The state store belongs to the caller: open it for the run, close it after.
    try (StateStore state = StateStores.file(stateDir)) {
      return run(url, user, password, apiKey, endpoint, state);
    }
  }

  private static SyncResult run(String url, String user, String password, String apiKey, URI endpoint, StateStore state) {
    SyncJob job = SyncJob.builder("users-from-postgres")
        .source(JdbcSource.builder()
            .url(url).user(user).password(password)
            .query("select id, plan, lifetime_value, trial_end, created_at from users")
            .build())
        .mapping(Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("plan", Value.column("plan"))
            .property("lifetime_value", Value.column("lifetime_value"))
            .property("trial_end", Value.column("trial_end"))
            .property("first_seen", Value.column("created_at"), PropertyOperation.SET_ONCE)
            .nulls(Nulls.UNSET)
            .build())
        .destination(ExampleSupport.destination(apiKey, Region.US, endpoint))
        .state(state)
        .build();
    return ExampleSupport.runOrPreview(job, apiKey);
  }
}
