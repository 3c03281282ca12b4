package dev.ampsync.examples;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.PreviewRequest;
import dev.ampsync.client.Region;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

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

  /** Runs the job when there is a key, previews it otherwise; prints the result and its first problems. */
  static SyncResult runOrPreview(SyncJob job, String apiKey) {
    boolean send = apiKey != null && !apiKey.isBlank();
    SyncResult result = send ? AmplitudeSync.run(job) : AmplitudeSync.preview(job);
    System.out.println(result);
    result.problems().stream().limit(10).forEach(problem ->
        System.out.println("  " + problem.outcome() + " " + problem.key() + ": " + problem.reason()));
    if (!send) {
      result.previewRequests().stream().findFirst().ifPresent(request ->
          System.out.println("first request: POST " + request.path() + "\n" + readable(request)));
    }
    return result;
  }

  /** A preview's body with form fields decoded, one per line (the key is already redacted). */
  private static String readable(PreviewRequest request) {
    if (!request.contentType().startsWith("application/x-www-form-urlencoded")) {
      return request.body();
    }
    StringBuilder out = new StringBuilder();
    for (String pair : request.body().split("&")) {
      String[] nameAndValue = pair.split("=", 2);
      out.append(nameAndValue[0]).append(" = ")
          .append(nameAndValue.length > 1 ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "")
          .append('\n');
    }
    return out.toString().stripTrailing();
  }
}
