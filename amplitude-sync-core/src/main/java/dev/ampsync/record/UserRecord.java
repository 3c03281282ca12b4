package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import java.util.Optional;

/**
 * An Amplitude user, keyed by {@code user_id}: user properties, identification fields and
 * user-level group membership, written through the Identify API.
 *
 * <pre>{@code
 * UserRecord user = UserRecord.builder("user-1042")
 *     .userProperties(PropertyOperations.builder()
 *         .set("plan", "pro")
 *         .set("lifetime_value", new BigDecimal("1249.50"))
 *         .build())
 *     .country("Germany")
 *     .group("company", "acme-corp")
 *     .build();
 * }</pre>
 *
 * <p>When a user record carries groups, the identification also sets each group type as a user
 * property with the group value, as Amplitude's SDKs do, unless the record already operates on a
 * property of that name.
 *
 * <p>Immutable and thread-safe.
 */
public final class UserRecord extends Identification implements AmplitudeRecord {

  private UserRecord(Builder builder) {
    super(builder);
  }

  /**
   * Returns a builder for the user with the given id.
   *
   * @param userId the user id
   * @return a new builder
   * @throws NullPointerException if {@code userId} is null
   */
  public static Builder builder(String userId) {
    Builder builder = new Builder();
    builder.userId = Arguments.required(userId, "userId",
        "pass the user's id in your system, e.g. row.getString(\"user_id\"); for a user known only by a device, use DeviceRecord");
    return builder;
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.USER;
  }

  /**
   * Returns the user id; never empty for a user record.
   *
   * @return the user id
   */
  @Override
  public Optional<String> userId() {
    return super.userId();
  }

  /**
   * Returns a builder holding this record's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return fill(new Builder());
  }

  /** Builds {@link UserRecord}s. Not thread-safe; {@link #build()} copies. */
  public static final class Builder extends Identification.Builder<UserRecord, Builder> {
    private Builder() {
      super(ObjectType.USER);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the device id sent with the identification.
     *
     * @param deviceId the device id, or null
     * @return this builder
     */
    public Builder deviceId(String deviceId) {
      this.deviceId = deviceId;
      return this;
    }

    @Override
    public UserRecord build() {
      return new UserRecord(this);
    }
  }
}
