package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import java.util.Optional;

/**
 * An Amplitude device, keyed by {@code device_id}: its device, location and app fields, user
 * properties, and optionally the user it belongs to, written through the Identify API.
 *
 * <pre>{@code
 * DeviceRecord device = DeviceRecord.builder("8f14e45f-ceea-467f-a8b5-2d3c4a1e9b77")
 *     .userId("user-1042")
 *     .platform("iOS").osName("ios").osVersion("17.4")
 *     .deviceBrand("Apple").deviceManufacturer("Apple").deviceModel("iPhone15,2")
 *     .build();
 * }</pre>
 *
 * <p>Amplitude updates the device fields ({@code platform}, {@code os_name}, {@code os_version},
 * {@code device_brand}, {@code device_manufacturer}, {@code device_model}, {@code carrier}) as a set:
 * setting one resets the others not sent in the same call, so set all that you know.
 *
 * <p>Immutable and thread-safe.
 */
public final class DeviceRecord extends Identification implements AmplitudeRecord {

  private DeviceRecord(Builder builder) {
    super(builder);
  }

  /**
   * Returns a builder for the device with the given id.
   *
   * @param deviceId the device id
   * @return a new builder
   * @throws NullPointerException if {@code deviceId} is null
   */
  public static Builder builder(String deviceId) {
    Builder builder = new Builder();
    builder.deviceId = Arguments.required(deviceId, "deviceId",
        "pass the device's id as your app sends it to Amplitude, e.g. row.getString(\"device_id\")");
    return builder;
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.DEVICE;
  }

  /**
   * Returns the device id; never empty for a device record.
   *
   * @return the device id
   */
  @Override
  public Optional<String> deviceId() {
    return super.deviceId();
  }

  /**
   * Returns a builder holding this record's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return fill(new Builder());
  }

  /** Builds {@link DeviceRecord}s. Not thread-safe; {@link #build()} copies. */
  public static final class Builder extends Identification.Builder<DeviceRecord, Builder> {
    private Builder() {
      super(ObjectType.DEVICE);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the user the device belongs to.
     *
     * @param userId the user id, or null
     * @return this builder
     */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    @Override
    public DeviceRecord build() {
      return new DeviceRecord(this);
    }
  }
}
