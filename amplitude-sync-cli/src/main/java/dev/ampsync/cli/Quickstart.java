package dev.ampsync.cli;

import dev.ampsync.SyncJob;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SyncSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The quickstart: builds the embedded sample warehouse, then runs its four specs (users, devices,
 * groups, events). Without {@code AMPLITUDE_API_KEY} it previews, sending nothing and showing the
 * first request of each sync; with it, it sends for real ({@code AMPLITUDE_REGION} us or eu).
 */
public final class Quickstart {
  static final List<String> SPECS = List.of("users", "devices", "groups", "events");

  private Quickstart() {}

  /**
   * Runs the quickstart from the command line.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.exit(run(System.getenv(), System.out, System.err, System.console() != null, null));
  }

  /** Runs the quickstart; {@code endpoint} overrides the region (tests). Returns the exit status. */
  static int run(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal, URI endpoint) {
    String key = env.get("AMPLITUDE_API_KEY");
    boolean send = key != null && !key.isBlank();
    out.println("amplitude-sync quickstart");
    out.println("Sample warehouse: 25 accounts, 250 users, 400 devices, 1,500 events (in-memory H2).");
    out.println(send
        ? "AMPLITUDE_API_KEY is set: sending to Amplitude (" + env.getOrDefault("AMPLITUDE_REGION", "us") + ")."
        : "AMPLITUDE_API_KEY is not set: previewing. Nothing is sent; set it to send for real.");
    out.println();
    Map<String, String> specEnv = new HashMap<>(env);
    specEnv.put("QUICKSTART_DB_URL", SampleWarehouse.URL);
    int status = Main.OK;
    try (Connection warehouse = SampleWarehouse.create()) {
      for (String name : SPECS) {
        SyncSpec spec = SyncSpec.parse(resource("quickstart/" + name + ".yaml"), "quickstart/" + name + ".yaml", specEnv);
        SyncJob.Builder builder = spec.jobBuilder()
            .listener(new ConsoleProgress(err, terminal, Duration.ofSeconds(5)))
            .previewRequests(1);
        if (endpoint != null) {
          builder.destination(spec.destination().toBuilder().endpoint(endpoint));
        }
        status = Math.max(status, RunCommand.execute(builder.build(), new RunCommand.Output(!send, null, false, 0), out, err));
      }
    } catch (SQLException | SpecException e) {
      err.println("error: the quickstart could not start: " + e.getMessage());
      return Main.CANNOT_PROCEED;
    }
    out.println(send
        ? "Done. Open Amplitude's user lookup for user-00010 to see its properties."
        : "Done. Set AMPLITUDE_API_KEY (and AMPLITUDE_REGION=eu for an EU project) to send these rows.");
    return status;
  }

  private static String resource(String name) {
    try (InputStream in = Quickstart.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
