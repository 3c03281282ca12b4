package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every null required argument of the jdbc builders says what it is and what to pass, not just its
 * name (as core's {@code ArgumentMessagesTest} does for core's builders).
 */
class JdbcArgumentMessagesTest {
  static Stream<Arguments> calls() {
    return Stream.of(
        call("JdbcSource.Builder.url(null)", "url", () -> JdbcSource.builder().url(null)),
        call("JdbcSource.Builder.query(null)", "query", () -> JdbcSource.builder().query(null)),
        call("JdbcSource.Builder.table(null)", "table", () -> JdbcSource.builder().table(null)),
        call("JdbcSource.Builder.dataSource(null)", "dataSource", () -> JdbcSource.builder().dataSource(null)),
        call("JdbcStateStore.Builder.url(null)", "url", () -> JdbcStateStore.builder().url(null)),
        call("JdbcStateStore.Builder.dataSource(null)", "dataSource", () -> JdbcStateStore.builder().dataSource(null)),
        call("JdbcStateStore.Builder.table(null)", "table", () -> JdbcStateStore.builder().table(null)),
        call("JdbcStateStore.Builder.planning(null)", "planning", () -> JdbcStateStore.builder().planning(null)));
  }

  private static Arguments call(String name, String argument, ThrowingCallable call) {
    return Arguments.of(name, argument, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void saysWhatTheArgumentIs_andWhatToPass(String call, String argument, ThrowingCallable step) {
    Throwable thrown = catchThrowable(step);

    assertThat(thrown).as(call).isInstanceOf(NullPointerException.class);
    assertThat(thrown.getMessage()).as(call).startsWith(argument + " is null: ");
    String advice = thrown.getMessage().substring(thrown.getMessage().indexOf(':') + 1).trim();
    assertThat(advice).as(call).hasSizeGreaterThan(20).contains("pass");
  }
}
