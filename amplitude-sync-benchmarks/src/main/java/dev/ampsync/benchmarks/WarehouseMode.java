package dev.ampsync.benchmarks;

import static dev.ampsync.benchmarks.BenchConfig.OS;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncResult;
import dev.ampsync.jdbc.JdbcStateStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --mode warehouse} (issue 16): a user sync of N users on PostgreSQL with a {@link
 * JdbcStateStore} in the same database, planned in the client (every row read and diffed in Java)
 * against planned in the warehouse (only new and changed rows leave PostgreSQL), in one process.
 * After a seed run of each (every row new), each round changes a fresh 1 % of the rows ({@code id %
 * 100 = round}) and runs both modes on the same changes, alternating which goes first; then one
 * unchanged re-run of each. Fails when a run transfers or sends anything but the changed rows.
 */
final class WarehouseMode {
  static final String USERS = "ampsync_bench_wh_users";
  static final String STATE_CLIENT = "ampsync_bench_state_client";
  static final String STATE_WAREHOUSE = "ampsync_bench_state_wh";

  private final BenchConfig config;
  private final Phases phases;

  WarehouseMode(BenchConfig config) {
    this.config = config;
    this.phases = new Phases(config);
  }

  /** One measured sync: wall time, the result's counts, what the sink received, planning times. */
  record Run(String mode, String label, long nanos, long rowsRead, long accepted, long unchanged, long requests,
      long records, String status, double load, long toPlanning, long firstFetch, long planningStream, long removedKeys) {
    String row() {
      return String.format("| %s | %s | %,.0f | %,d | %,d | %,d | %,d | %,d | %s | %.1f |", label, mode, nanos / 1e6,
          rowsRead, accepted, unchanged, requests, records, planning(), load);
    }

    /**
     * For a warehouse run: ms from the run's start to the planner, ms changedRows took (model count +
     * planning query to its first fetch), ms from the planner's call to its stream's end, ms listing
     * removed keys.
     */
    String planning() {
      if (firstFetch < 0) {
        return "–";
      }
      return String.format("%,.0f / %,.0f / %,.0f / %,.0f", toPlanning / 1e6, firstFetch / 1e6, planningStream / 1e6,
          removedKeys / 1e6);
    }
  }

  void run() throws Exception {
    config.header("warehouse");
    long users = Long.parseLong(config.option("users", Long.toString(config.rows)).replace("_", ""));
    int rounds = Integer.parseInt(config.option("rounds", "3"));
    if (rounds < 1 || rounds > 99) {
      throw new IllegalArgumentException("--rounds must be 1..99 (round r changes the rows with id % 100 = r)");
    }
    new Tables(config.url, config.user).ensureUsers(users);
    prepare(users);
    String sql = Fixtures.USER_SELECT + USERS;
    List<Run> runs = new ArrayList<>();
    TimedStateStore client = new TimedStateStore(store(STATE_CLIENT, JdbcStateStore.Planning.CLIENT));
    TimedStateStore warehouse = new TimedStateStore(store(STATE_WAREHOUSE, JdbcStateStore.Planning.WAREHOUSE));
    try (Sink sink = Sink.start(config.sinkThreads())) {
      sink.countRecords(true);
      System.out.printf("%n== warehouse planning: %,d users, %d rounds of 1 %% changed, sink %s ==%n", users, rounds, sink.baseUrl());
      runs.add(check(measure(sink, "client", "seed (all new)", client, sql), users, users, false));
      runs.add(check(measure(sink, "warehouse", "seed (all new)", warehouse, sql), users, users, true));
      execute("vacuum (analyze) " + STATE_CLIENT, "vacuum (analyze) " + STATE_WAREHOUSE);
      for (int round = 1; round <= rounds; round++) {
        long changed = change(round);
        String label = "round " + round + " (" + String.format("%,d", changed) + " changed)";
        boolean clientFirst = round % 2 == 1;
        for (int i = 0; i < 2; i++) {
          boolean isClient = clientFirst == (i == 0);
          runs.add(check(measure(sink, isClient ? "client" : "warehouse", label, isClient ? client : warehouse, sql),
              changed, changed, !isClient));
        }
      }
      runs.add(check(measure(sink, "client", "unchanged re-run", client, sql), 0, 0, false));
      runs.add(check(measure(sink, "warehouse", "unchanged re-run", warehouse, sql), 0, 0, true));
    }
    printTable(runs, users, rounds);
    if (warehouse.lastPlan() != null) {
      System.out.printf("%n== where the warehouse run's database time goes (after the runs: 0 rows changed) ==%n");
      new PlanningExplain(config.url, config.user).print(sql, STATE_WAREHOUSE, warehouse.lastPlan());
    }
  }

  private JdbcStateStore store(String table, JdbcStateStore.Planning planning) {
    return JdbcStateStore.builder().url(config.url).user(config.user).table(table).planning(planning).build();
  }

  private Run measure(Sink sink, String mode, String label, TimedStateStore state, String sql) {
    sink.reset();
    state.reset();
    long started = System.nanoTime();
    SyncResult result = AmplitudeSync.run(phases.usersJob(sql, sink.baseUrl(), state));
    long nanos = System.nanoTime() - started;
    String status = result.status() + result.error().map(e -> " error: " + e).orElse("")
        + (result.problems().isEmpty() ? "" : ", first problem: " + result.problems().get(0));
    Run run = new Run(mode, label, nanos, result.rowsRead(), result.accepted(), result.unchanged(), sink.requests(),
        sink.records(), status, OS.getSystemLoadAverage(), state.toPlanning(started), state.firstFetch(),
        state.planningStream(), state.removedKeys());
    System.out.printf("%-28s %-9s %,9.0f ms | rowsRead %,9d | accepted %,9d | unchanged %,9d | invalid %d, rejected %d,"
            + " failed %d | sink %,6d requests, %,9d records, %,13d bytes | planning (to planner / first fetch / stream end /"
            + " removed keys, ms) %s | load %.1f | %s%n",
        label, mode, nanos / 1e6, run.rowsRead(), run.accepted(), run.unchanged(), result.invalid(), result.rejected(),
        result.failed(), run.requests(), run.records(), sink.bytes(), run.planning(), run.load(), status);
    return run;
  }

  /** Throws unless the run sent exactly {@code accepted} records and, planned in the warehouse, read exactly {@code read} rows. */
  private static Run check(Run run, long read, long accepted, boolean warehouse) {
    List<String> wrong = new ArrayList<>();
    if (warehouse && run.rowsRead() != read) {
      wrong.add("rowsRead " + run.rowsRead() + " != " + read);
    }
    if (run.accepted() != accepted) {
      wrong.add("accepted " + run.accepted() + " != " + accepted);
    }
    if (run.records() != accepted) {
      wrong.add("the sink received " + run.records() + " records, not " + accepted);
    }
    if (!wrong.isEmpty()) {
      throw new IllegalStateException(run.mode() + " " + run.label() + ": " + String.join(", ", wrong) + " (" + run.status() + ")");
    }
    return run;
  }

  /** A mutable copy of the users table with a numeric id (primary key), and empty state tables. */
  private void prepare(long users) throws SQLException {
    long started = System.nanoTime();
    List<String> statements = new ArrayList<>();
    statements.add("drop table if exists " + USERS);
    statements.add("create table " + USERS + " as select substr(user_id, 6)::bigint as id, * from " + Tables.usersTable(users));
    statements.add("alter table " + USERS + " add primary key (id)");
    statements.add("vacuum (analyze) " + USERS);
    for (String state : List.of(STATE_CLIENT, STATE_WAREHOUSE)) {
      for (String suffix : List.of("", "_meta", "_lock")) {
        statements.add("drop table if exists " + state + suffix);
      }
    }
    execute(statements.toArray(String[]::new));
    System.out.printf("table %s: copied %,d users in %.1f s; state tables %s and %s dropped%n", USERS, users,
        (System.nanoTime() - started) / 1e9, STATE_CLIENT, STATE_WAREHOUSE);
  }

  /** Changes the plan of the rows with {@code id % 100 = round}, then vacuums; returns how many rows changed. */
  private long change(int round) throws SQLException {
    try (Connection c = DriverManager.getConnection(config.url, config.user, null); Statement s = c.createStatement()) {
      long started = System.nanoTime();
      long changed = s.executeUpdate("update " + USERS + " set plan = 'changed-" + round + "' where id % 100 = " + round);
      s.execute("vacuum (analyze) " + USERS);
      System.out.printf("round %d: changed the plan of %,d users (update and vacuum %.1f s)%n", round, changed,
          (System.nanoTime() - started) / 1e9);
      return changed;
    }
  }

  private void execute(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(config.url, config.user, null); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private void printTable(List<Run> runs, long users, int rounds) {
    System.out.printf("%n| run | mode | wall ms | rowsRead | accepted | unchanged | requests | records | planning ms (to planner / first fetch / stream end / removed keys) | load |%n");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    runs.forEach(run -> System.out.println(run.row()));
    double client = medianMillis(runs, "client");
    double warehouse = medianMillis(runs, "warehouse");
    System.out.printf("| **median of the %d rounds** | client | **%,.0f** | | | | | | | |%n", rounds, client);
    System.out.printf("| **median of the %d rounds** | warehouse | **%,.0f** | | | | | | | |%n", rounds, warehouse);
    System.out.printf("%nRESULT warehouse/client wall time %.2f (median %,.0f ms / %,.0f ms; goal <= 0.50), %,d users, 1 %% changed%n",
        warehouse / client, warehouse, client, users);
    System.out.printf("command: java -cp amplitude-sync-benchmarks/target/benchmarks.jar dev.ampsync.benchmarks.EndToEnd %s%n",
        String.join(" ", config.args()));
    System.out.printf("load average (1 min) at the end: %.2f%n", OS.getSystemLoadAverage());
  }

  private static double medianMillis(List<Run> runs, String mode) {
    List<Double> millis = new ArrayList<>();
    runs.stream().filter(r -> r.mode().equals(mode) && r.label().startsWith("round ")).forEach(r -> millis.add(r.nanos() / 1e6));
    return BenchConfig.medianOf(millis);
  }
}
