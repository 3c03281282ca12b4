package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * Setters shared by the {@link UserRecord}, {@link DeviceRecord} and {@link EventRecord} builders:
 * the identification keys Amplitude accepts on both identifies and events, and group membership.
 *
 * <p>Every setter takes null to remove a value set earlier.
 *
 * @param <B> the builder type, returned for chaining
 */
public interface SharedFieldsBuilder<B extends SharedFieldsBuilder<B>> {

  /**
   * Sets a top-level field by its {@link AmplitudeField}; null removes it.
   *
   * @param field the field
   * @param value a value of the field's {@link AmplitudeField#kind() kind}, or null
   * @return this builder
   * @throws NullPointerException if {@code field} is null
   * @throws IllegalArgumentException if the value does not fit the field, or the field does not apply
   *     to this record type
   */
  B field(AmplitudeField field, Object value);

  /**
   * Makes the record a member of groups of one type, replacing earlier values of that type.
   *
   * <p>On users and devices the membership is persistent (user-level groups); on events it applies to
   * that event only.
   *
   * @param groupType the group type, for example {@code "company"}
   * @param groupValues the group values; an empty collection removes the type
   * @return this builder
   * @throws NullPointerException if an argument or a value is null
   */
  B group(String groupType, Collection<String> groupValues);

  /**
   * Replaces all group memberships.
   *
   * @param groups group type to group values
   * @return this builder
   * @throws NullPointerException if the map, a key, a collection or a value is null
   */
  B groups(Map<String, ? extends Collection<String>> groups);

  /**
   * Makes the record a member of one or more groups of one type.
   *
   * @param groupType the group type
   * @param groupValues one or more group values
   * @return this builder
   * @throws NullPointerException if an argument or a value is null
   */
  default B group(String groupType, String... groupValues) {
    return group(groupType, Arrays.asList(Arguments.required(groupValues, "groupValues",
        "pass one or more group values, e.g. group(\"company\", \"acme\")")));
  }

  /**
   * Sets {@code time}, sent as epoch milliseconds.
   *
   * @param time the time, or null
   * @return this builder
   */
  default B time(Instant time) {
    return field(AmplitudeField.TIME, time);
  }

  /**
   * Sets {@code insert_id}, Amplitude's 7-day deduplication key.
   *
   * @param insertId the insert id, or null
   * @return this builder
   */
  default B insertId(String insertId) {
    return field(AmplitudeField.INSERT_ID, insertId);
  }

  /**
   * Sets {@code app_version}.
   *
   * @param appVersion the value, or null
   * @return this builder
   */
  default B appVersion(String appVersion) {
    return field(AmplitudeField.APP_VERSION, appVersion);
  }

  /**
   * Sets {@code platform}. On identify, the device fields are updated as a set.
   *
   * @param platform the value, or null
   * @return this builder
   */
  default B platform(String platform) {
    return field(AmplitudeField.PLATFORM, platform);
  }

  /**
   * Sets {@code os_name}.
   *
   * @param osName the value, or null
   * @return this builder
   */
  default B osName(String osName) {
    return field(AmplitudeField.OS_NAME, osName);
  }

  /**
   * Sets {@code os_version}.
   *
   * @param osVersion the value, or null
   * @return this builder
   */
  default B osVersion(String osVersion) {
    return field(AmplitudeField.OS_VERSION, osVersion);
  }

  /**
   * Sets {@code device_brand}.
   *
   * @param deviceBrand the value, or null
   * @return this builder
   */
  default B deviceBrand(String deviceBrand) {
    return field(AmplitudeField.DEVICE_BRAND, deviceBrand);
  }

  /**
   * Sets {@code device_manufacturer}.
   *
   * @param deviceManufacturer the value, or null
   * @return this builder
   */
  default B deviceManufacturer(String deviceManufacturer) {
    return field(AmplitudeField.DEVICE_MANUFACTURER, deviceManufacturer);
  }

  /**
   * Sets {@code device_model}.
   *
   * @param deviceModel the value, or null
   * @return this builder
   */
  default B deviceModel(String deviceModel) {
    return field(AmplitudeField.DEVICE_MODEL, deviceModel);
  }

  /**
   * Sets {@code carrier}.
   *
   * @param carrier the value, or null
   * @return this builder
   */
  default B carrier(String carrier) {
    return field(AmplitudeField.CARRIER, carrier);
  }

  /**
   * Sets {@code country}. On identify, the location fields are updated as a set.
   *
   * @param country the value, or null
   * @return this builder
   */
  default B country(String country) {
    return field(AmplitudeField.COUNTRY, country);
  }

  /**
   * Sets {@code region}.
   *
   * @param region the value, or null
   * @return this builder
   */
  default B region(String region) {
    return field(AmplitudeField.REGION, region);
  }

  /**
   * Sets {@code city}.
   *
   * @param city the value, or null
   * @return this builder
   */
  default B city(String city) {
    return field(AmplitudeField.CITY, city);
  }

  /**
   * Sets {@code dma}, the designated market area.
   *
   * @param dma the value, or null
   * @return this builder
   */
  default B dma(String dma) {
    return field(AmplitudeField.DMA, dma);
  }

  /**
   * Sets {@code language}.
   *
   * @param language the value, or null
   * @return this builder
   */
  default B language(String language) {
    return field(AmplitudeField.LANGUAGE, language);
  }

  /**
   * Sets {@code library}, the sending library.
   *
   * @param library the value, or null
   * @return this builder
   */
  default B library(String library) {
    return field(AmplitudeField.LIBRARY, library);
  }
}
