package dev.ampsync.state;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Not a test: a measurement of the file state store at scale, run by hand.
 *
 * <pre>
 * mvn -q install -DskipTests -N
 * mvn -q -pl amplitude-sync-core test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx3g -cp amplitude-sync-core/target/classes:amplitude-sync-core/target/test-classes:$(cat amplitude-sync-core/cp.txt) \
 *     dev.ampsync.state.StateScaleMeasurement [users]
 * </pre>
 *
 * <p>A user sync of 1,000,000 generated users (5 properties each) to a fake Amplitude in this JVM,
 * with the state in {@link StateStores#file(Path)} in a temporary directory: (a) the state's size on
 * disk after the first run, (b) the first run's rows per second, (c) an unchanged re-run's rows per
 * second and requests (expected: none). The fake runs in the same JVM and keeps every profile and every
 * request body in heap, so the first run's figure includes the fake's work, and {@code -Xmx512m} runs
 * out of memory: give it {@code -Xmx3g}.
 */
public final class StateScaleMeasurement {
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", ColumnType.STRING),
          new Column("plan", ColumnType.STRING),
          new Column("ltv", ColumnType.DECIMAL),
          new Column("seats", ColumnType.INTEGER),
          new Column("region", ColumnType.STRING),
          new Column("email_domain", ColumnType.STRING));
  private static final String[] PLANS = {"free", "starter", "pro", "enterprise"};

  private StateScaleMeasurement() {}

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path stateDir = Files.createTempDirectory("ampsync-state-scale");
    System.out.printf(Locale.ROOT, "users=%,d  max heap=%d MB  cpus=%d  state=%s%n", users,
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), stateDir);
    try (FakeAmplitude fake = FakeAmplitude.start()) {
      SyncResult first;
      int requestsAfterFirst;
      try (StateStore store = StateStores.file(stateDir)) {
        first = AmplitudeSync.run(job(fake, store, users));
        requestsAfterFirst = fake.requests().size();
      }
      long sizeAfterFirst = directorySize(stateDir);
      report("first run", first, requestsAfterFirst);
      System.out.printf(Locale.ROOT, "  (a) state on disk after the first run: %,d bytes (%.1f MB, %.1f bytes/user)%n",
          sizeAfterFirst, sizeAfterFirst / 1e6, (double) sizeAfterFirst / users);
      System.out.printf(Locale.ROOT, "  fake: %,d user profiles, %,d requests%n", fake.users().size(), requestsAfterFirst);

      SyncResult again;
      int requestsOfRerun;
      try (StateStore store = StateStores.file(stateDir)) {
        again = AmplitudeSync.run(job(fake, store, users));
        requestsOfRerun = fake.requests().size() - requestsAfterFirst;
      }
      long sizeAfterRerun = directorySize(stateDir);
      report("unchanged re-run", again, requestsOfRerun);
      System.out.printf(Locale.ROOT, "  state on disk after the re-run: %,d bytes (%.1f MB)%n",
          sizeAfterRerun, sizeAfterRerun / 1e6);

      long size;
      try (StateStore store = StateStores.file(stateDir)) {
        size = store.open("users-scale").size();
      }
      System.out.printf(Locale.ROOT, "  keys in the state: %,d%n", size);
    } finally {
      deleteRecursively(stateDir);
    }
  }

  private static void report(String label, SyncResult result, int requests) {
    double seconds = Math.max(1, result.duration().toMillis()) / 1000.0;
    System.out.printf(Locale.ROOT,
        "%s: status=%s rows=%,d accepted=%,d unchanged=%,d in %.1f s -> %,.0f rows/s; requests=%,d%s%n",
        label, result.status(), result.rowsRead(), result.accepted(), result.unchanged(), seconds,
        result.rowsRead() / seconds, requests, result.error().map(e -> "; error=" + e).orElse(""));
  }

  private static SyncJob job(FakeAmplitude fake, StateStore store, int users) {
    Mapping mapping = Mapping.builder(ObjectType.USER)
        .userId(Value.column("id"))
        .property("plan", Value.column("plan"))
        .property("ltv", Value.column("ltv"))
        .property("seats", Value.column("seats"))
        .property("region", Value.column("region"))
        .property("email_domain", Value.column("email_domain"))
        .build();
    return SyncJob.builder("users-scale")
        .source(InMemorySource.streaming(COLUMNS, generated(users)))
        .mapping(mapping)
        .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())))
        .state(store)
        .build();
  }

  private static Map<String, Object> user(int i) {
    Map<String, Object> row = new HashMap<>(16);
    row.put("id", "user-" + (1_000_000 + i));
    row.put("plan", PLANS[i % PLANS.length]);
    row.put("ltv", BigDecimal.valueOf((i * 131L) % 1_000_000, 2));
    row.put("seats", 1 + i % 50);
    row.put("region", "eu-" + (i % 4));
    row.put("email_domain", "example" + (i % 100) + ".com");
    return row;
  }

  private static Iterable<Map<String, Object>> generated(int count) {
    return () ->
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < count;
          }

          @Override
          public Map<String, Object> next() {
            if (next >= count) {
              throw new NoSuchElementException();
            }
            return user(next++);
          }
        };
  }

  private static long directorySize(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
