package dev.ampsync.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;

/**
 * A generator that refuses text with an unpaired UTF-16 surrogate, which Jackson would otherwise
 * write as an escape Amplitude does not expect: the guard for records {@link
 * dev.ampsync.record.RecordValidator} has not passed. A record it passed is written straight to the
 * generator inside, its text already scanned once.
 */
final class CheckingGenerator extends JsonGeneratorDelegate {
  CheckingGenerator(JsonGenerator generator) {
    super(generator, false);
  }

  @Override
  public void writeString(String text) throws IOException {
    super.writeString(JsonWrites.checked(text));
  }

  @Override
  public void writeFieldName(String name) throws IOException {
    super.writeFieldName(JsonWrites.checked(name));
  }
}
