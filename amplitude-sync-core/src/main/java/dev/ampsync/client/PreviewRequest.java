package dev.ampsync.client;

import java.util.Objects;

/**
 * A request a dry-run client would have sent: its path, content type and exact body, with the API key
 * replaced by {@code <redacted>}.
 *
 * @param path the request path, such as {@code /batch}
 * @param contentType the content type
 * @param body the exact body text, key redacted (form bodies stay form-url-encoded)
 * @param records how many records the request carries
 */
public record PreviewRequest(String path, String contentType, String body, int records) {
  /**
   * Creates a preview request.
   *
   * @throws NullPointerException if an argument is null
   */
  public PreviewRequest {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }
}
