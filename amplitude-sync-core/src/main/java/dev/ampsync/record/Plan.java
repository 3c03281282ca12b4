package dev.ampsync.record;

/**
 * Tracking-plan information carried on an event's {@code plan} field.
 *
 * <p>Amplitude accepts only {@code branch}, {@code source}, {@code version} and {@code versionId};
 * each is optional and null components are not sent.
 *
 * @param branch the tracking plan branch, or null
 * @param source the tracking plan source, or null
 * @param version the tracking plan version, or null
 * @param versionId the tracking plan version id, or null
 */
public record Plan(String branch, String source, String version, String versionId) {

  /**
   * Returns a plan with a branch, source and version and no version id.
   *
   * @param branch the branch, or null
   * @param source the source, or null
   * @param version the version, or null
   * @return the plan
   */
  public static Plan of(String branch, String source, String version) {
    return new Plan(branch, source, version, null);
  }
}
