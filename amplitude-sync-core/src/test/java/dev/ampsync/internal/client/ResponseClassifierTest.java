package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.BadRequestException;
import dev.ampsync.client.InvalidApiKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The answer matrix, one answer at a time. Bodies are Amplitude's documented ones (each test names
 * its source) or what stands in front of Amplitude (a proxy's page, an empty body).
 */
class ResponseClassifierTest {
  private static final String KEY = "key-5e1f0c";
  /** amplitude-docs content/collections/api/en/http-v2.md and batch-event-upload.md, "200". */
  private static final String DOCUMENTED_SUCCESS =
      "{\"code\":200,\"events_ingested\":50,\"payload_size_bytes\":50,\"server_upload_time\":1396381378123}";

  private final ResponseClassifier classifier = new ResponseClassifier(new Redactor(KEY));

  private Verdict classify(Endpoint endpoint, int status, String body) {
    return classifier.classify(endpoint, status, body, 4);
  }

  // ------------------------------------------------------------------ 2xx on the event APIs

  @ParameterizedTest
  @EnumSource(value = Endpoint.class, names = {"BATCH", "HTTP_V2"})
  void documentedSuccessBody_isAccepted(Endpoint endpoint) {
    assertThat(classify(endpoint, 200, DOCUMENTED_SUCCESS)).isInstanceOf(Verdict.Accepted.class);
  }

  @Test
  void successBodyWithLeadingWhitespace_isAccepted() {
    assertThat(classify(Endpoint.BATCH, 200, "\n  \t" + DOCUMENTED_SUCCESS + "\n")).isInstanceOf(Verdict.Accepted.class);
  }

  /**
   * Amplitude-Java HttpCall.makeRequest / Response.populateResponse and Amplitude-Python
   * http_client.Response.parse read the body's "code"; a body that is not JSON is an error there,
   * never a success.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "<html><head><title>Sign in to the Wi-Fi</title></head><body>Log in</body></html>",
        "success",
        "OK",
        "{}",
        "{\"status\":\"ok\"}",
        "{\"code\":\"200\"}",
        "{\"code\":0,\"msg\":\"gateway ok\"}",
        "{\"code\":302}",
        "[1,2]",
        "{\"code\":200"
      })
  void a2xxThatIsNotAmplitudesEventAnswer_isTransientNeverAccepted(String body) {
    Verdict verdict = classify(Endpoint.BATCH, 200, body);

    assertThat(verdict).isInstanceOf(Verdict.Retryable.class);
    assertThat(((Verdict.Retryable) verdict).reason()).startsWith("HTTP 200").contains("not Amplitude's answer");
  }

  @Test
  void a204OnHttpV2_isTransient() {
    assertThat(classify(Endpoint.HTTP_V2, 204, "")).isInstanceOf(Verdict.Retryable.class);
  }

  @Test
  void aLongProxyPage_isShownShortAndOnOneLine() {
    String page = "<html>\n<body>\n" + "captive portal ".repeat(200) + "</body></html>";

    String reason = ((Verdict.Retryable) classify(Endpoint.BATCH, 200, page)).reason();

    assertThat(reason).doesNotContain("\n").hasSizeLessThan(ResponseClassifier.SHOWN_CHARS + 60);
  }

  @Test
  void theKeyIsRedactedBeforeAnAnswerIsCut_soNoPartOfItSurvives() {
    // The key straddles the cut: redacting after cutting would leave its first characters.
    String body = "x".repeat(ResponseClassifier.SHOWN_CHARS - 12) + KEY + " and more";

    String reason = ((Verdict.Retryable) classify(Endpoint.BATCH, 200, body)).reason();

    assertThat(reason).doesNotContain(KEY.substring(0, 4));
  }

  /** RudderStack rudder-transformer src/v0/destinations/am networkHandler: a 2xx whose body says 429. */
  @Test
  void a2xxWhoseJsonCodeSays429_isThrottled() {
    Verdict verdict =
        classify(Endpoint.BATCH, 200, " {\"code\":429,\"error\":\"Too many requests for some devices and users\",\"throttled_users\":{\"user-1\":31}}");

    assertThat(verdict).isInstanceOf(Verdict.Throttled.class);
    assertThat(((Verdict.Throttled) verdict).users()).containsExactly("user-1");
  }

  // ------------------------------------------------------------------ 2xx on the identify APIs

  /**
   * amplitude-docs identify.md and group-identify.md: "200 Success"; the body is the plain text
   * {@code success} (Amplitude-Android AmplitudeClient.makeEventUploadPostRequest tests
   * {@code stringResponse.equals("success")}).
   */
  @ParameterizedTest
  @EnumSource(value = Endpoint.class, names = {"IDENTIFY", "GROUP_IDENTIFY"})
  void identifySuccessText_isAccepted(Endpoint endpoint) {
    assertThat(classify(endpoint, 200, "success")).isInstanceOf(Verdict.Accepted.class);
    assertThat(classify(endpoint, 200, "success\n")).isInstanceOf(Verdict.Accepted.class);
    assertThat(classify(endpoint, 200, DOCUMENTED_SUCCESS)).isInstanceOf(Verdict.Accepted.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "<html><body>Proxy login</body></html>", "{}", "ok"})
  void identifyAnything2xxElse_isTransient(String body) {
    assertThat(classify(Endpoint.IDENTIFY, 200, body)).isInstanceOf(Verdict.Retryable.class);
    assertThat(classify(Endpoint.GROUP_IDENTIFY, 200, body)).isInstanceOf(Verdict.Retryable.class);
  }

  /** The legacy endpoints' plain-text answer (segment-boneyard/integration-amplitude lib/index.js tests res.text). */
  @Test
  void identify2xxInvalidApiKeyText_isTheInvalidKeyError() {
    Verdict verdict = classify(Endpoint.IDENTIFY, 200, "invalid api_key");

    assertThat(verdict).isInstanceOf(Verdict.Fatal.class);
    assertThat(((Verdict.Fatal) verdict).exception()).isInstanceOf(InvalidApiKeyException.class);
  }

  // ------------------------------------------------------------------ 400

  /** Amplitude-Java src/test/java/com/amplitude/HttpCallTest.java: "Invalid API key: test-apiKey is invalid". */
  @Test
  void invalidApiKeyInAmplitudesWording_isFatal() {
    Verdict verdict = classify(Endpoint.BATCH, 400, "{\"code\":400,\"error\":\"Invalid API key: " + KEY + "\"}");

    assertThat(verdict).isInstanceOf(Verdict.Fatal.class);
    InvalidApiKeyException error = (InvalidApiKeyException) ((Verdict.Fatal) verdict).exception();
    assertThat(error.getMessage()).contains("Invalid API key").doesNotContain(KEY);
  }

  @Test
  void invalidApiKeyInPlainText_isFatalOnTheIdentifyApis() {
    Verdict verdict = classify(Endpoint.IDENTIFY, 400, "Invalid API key");

    assertThat(((Verdict.Fatal) verdict).exception()).isInstanceOf(InvalidApiKeyException.class);
  }

  /** An echoing proxy's 400 mentions api_key without being Amplitude's invalid-key answer. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bad Request: {\"api_key\":\"" + KEY + "\",\"events\":[]}",
        "<html><body>400 Bad Request: could not forward api_key</body></html>",
        "{\"code\":400,\"error\":\"request refused by gateway (api_key policy)\"}"
      })
  void a400ThatOnlyMentionsApiKey_isNotTheInvalidKeyError(String body) {
    Verdict verdict = classify(Endpoint.BATCH, 400, body);

    assertThat(verdict).isNotInstanceOf(Verdict.Fatal.class).isInstanceOf(Verdict.Bisect.class);
    assertThat(((Verdict.Bisect) verdict).reason()).doesNotContain(KEY);
  }

  /** amplitude-docs batch-event-upload.md, InvalidRequestError: "missing_field": "api_key". */
  @Test
  void missingFieldNamed_isFatal() {
    Verdict verdict =
        classify(Endpoint.BATCH, 400, "{\"code\":400,\"error\":\"Request missing required field\",\"missing_field\":\"api_key\"}");

    assertThat(((Verdict.Fatal) verdict).exception()).isInstanceOf(BadRequestException.class);
  }

  /**
   * An empty missing_field is no missing field: Amplitude-Java HttpTransport.getEventListToRetry
   * tests {@code missingField.length() > 0}, Amplitude-Python processor.py and Amplitude-TypeScript
   * destination.ts test its truthiness; the indexes it names are then read.
   */
  @Test
  void missingFieldEmpty_isNotFatal_andTheNamedIndexesAreRead() {
    Verdict verdict =
        classify(
            Endpoint.BATCH,
            400,
            "{\"code\":400,\"error\":\"Invalid field values on some events\",\"missing_field\":\"\","
                + "\"events_with_invalid_fields\":{\"time\":[2]}}");

    assertThat(verdict).isInstanceOf(Verdict.PartlyInvalid.class);
    assertThat(((Verdict.PartlyInvalid) verdict).rejected()).containsOnlyKeys(2);
  }

  @Test
  void missingFieldEmptyNamingNothing_isBisected() {
    assertThat(classify(Endpoint.BATCH, 400, "{\"code\":400,\"error\":\"Invalid event JSON\",\"missing_field\":\"\"}"))
        .isInstanceOf(Verdict.Bisect.class);
  }

  /** amplitude-docs http-v2.md, "400": the errors of a request that is wrong as a whole. */
  @ParameterizedTest
  @ValueSource(strings = {"Invalid JSON request body", "Missing request body", "Invalid request path"})
  void malformedRequest_isFatal(String error) {
    Verdict verdict = classify(Endpoint.BATCH, 400, "{\"code\":400,\"error\":\"" + error + "\"}");

    assertThat(((Verdict.Fatal) verdict).exception()).isInstanceOf(BadRequestException.class);
  }

  /** A JSON answer with leading whitespace keeps its per-index detail (issue 14). */
  @Test
  void jsonWithLeadingWhitespace_keepsItsIndexes() {
    Verdict verdict =
        classify(
            Endpoint.BATCH,
            400,
            "\r\n {\"code\":400,\"error\":\"Invalid field values on some events\",\"events_with_invalid_fields\":{\"device_id\":[1]}}");

    assertThat(((Verdict.PartlyInvalid) verdict).rejected()).containsOnlyKeys(1);
  }

  // ------------------------------------------------------------------ 403, 429

  /** amplitude-docs http-v2.md, "403 (forbidden)": {"code":403,"error":"Forbidden"}. */
  @Test
  void forbidden_isIsolatedNotFatal() {
    Verdict verdict = classify(Endpoint.BATCH, 403, "{\"code\":403,\"error\":\"Forbidden\"}");

    assertThat(verdict).isEqualTo(new Verdict.Forbidden("HTTP 403 Forbidden"));
  }

  /** amplitude-docs batch-event-upload.md, the 429 example, sent with leading whitespace. */
  @Test
  void throttledJsonWithLeadingWhitespace_keepsItsIds() {
    Verdict verdict =
        classify(
            Endpoint.BATCH,
            429,
            "  {\"code\":429,\"error\":\"Too many requests for some devices and users\",\"eps_threshold\":1000,"
                + "\"throttled_devices\":{\"C8F9E604-F01A-4BD9-95C6-8E5357DF265D\":4000},"
                + "\"throttled_users\":{\"datamonster@amplitude.com\":4000},"
                + "\"throttled_events\":[3,4,7],"
                + "\"exceeded_daily_quota_users\":{\"datanom@amplitude.com\":500200}}");

    Verdict.Throttled throttled = (Verdict.Throttled) verdict;
    assertThat(throttled.users()).containsExactly("datamonster@amplitude.com");
    assertThat(throttled.devices()).containsExactly("C8F9E604-F01A-4BD9-95C6-8E5357DF265D");
    assertThat(throttled.quotaUsers()).containsEntry("datanom@amplitude.com", 500_200L);
    assertThat(throttled.indexes()).containsExactly(3, 4, 7);
    assertThat(throttled.namesNothing()).isFalse();
  }
}
