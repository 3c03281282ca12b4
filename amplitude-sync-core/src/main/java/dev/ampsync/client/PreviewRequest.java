package dev.ampsync.client;

import java.util.Objects;

/**
 * A request a dry-run client would have sent: its path, content type and exact body, with the API key
 * replaced by {@code <redacted>}. Only the client creates them.
 *
 * <pre>{@code
 * for (PreviewRequest request : AmplitudeSync.preview(job).previewRequests()) {
 *   System.out.println(request.path() + " (" + request.records() + " records)");
 * }
 * }</pre>
 */
public final class PreviewRequest {
  private final String path;
  private final String contentType;
  private final String body;
  private final int records;

  PreviewRequest(String path, String contentType, String body, int records) {
    this.path = Objects.requireNonNull(path, "path");
    this.contentType = Objects.requireNonNull(contentType, "contentType");
    this.body = Objects.requireNonNull(body, "body");
    this.records = records;
  }

  /**
   * Returns the request path.
   *
   * @return the path, such as {@code /batch}
   */
  public String path() {
    return path;
  }

  /**
   * Returns the content type.
   *
   * @return the content type
   */
  public String contentType() {
    return contentType;
  }

  /**
   * Returns the exact body text, with the key redacted (form bodies stay form-url-encoded).
   *
   * @return the body
   */
  public String body() {
    return body;
  }

  /**
   * Returns how many records the request carries.
   *
   * @return the record count
   */
  public int records() {
    return records;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PreviewRequest that
        && path.equals(that.path)
        && contentType.equals(that.contentType)
        && body.equals(that.body)
        && records == that.records;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, contentType, body, records);
  }

  @Override
  public String toString() {
    return "PreviewRequest[path=" + path + ", contentType=" + contentType + ", body=" + body
        + ", records=" + records + "]";
  }
}
