package dev.ampsync.examples;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.Region;
import java.net.URI;

/**
 * What every example shares: the API key from {@code AMPLITUDE_API_KEY} (without it, examples
 * preview and send nothing), and an optional endpoint that tests point at a fake Amplitude.
 */
final class ExampleSupport {
  private ExampleSupport() {}

  /** Returns the destination: the region's host, or {@code endpoint} when given. */
  static AmplitudeClient.Builder destination(String apiKey, Region region, URI endpoint) {
    AmplitudeClient.Builder builder =
        AmplitudeClient.builder(apiKey == null || apiKey.isBlank() ? "preview-only-no-key" : apiKey).region(region);
    return endpoint == null ? builder : builder.endpoint(endpoint);
  }

  /** Runs the job when there is a key, previews it otherwise; prints the summary. */
  static SyncResult runOrPreview(SyncJob job, String apiKey) {
    boolean send = apiKey != null && !apiKey.isBlank();
    SyncResult result = send ? AmplitudeSync.run(job) : AmplitudeSync.preview(job);
    System.out.println(ConsoleProgress.summary(result));
    if (!send) {
      result.previewRequests().stream().findFirst().ifPresent(request ->
          System.out.println("first request: POST " + request.path() + "\n" + Main.readable(request)));
    }
    return result;
  }
}
