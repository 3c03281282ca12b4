package dev.ampsync.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.ampsync.internal.record.ValidatedRecords;
import dev.ampsync.record.AmplitudeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns one record's fields into its JSON object bytes with a Jackson generator that each thread
 * reuses record after record (see {@link Encoder}). Output is raw UTF-8 with surrogate pairs
 * combined and decimals written plain.
 */
final class RecordEncoder {
  static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  private RecordEncoder() {}

  /** Writes the fields of one record's JSON object; the object's braces are the encoder's. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator out) throws IOException;
  }

  static EncodedRecord encode(AmplitudeRecord record, Body body) {
    Encoder encoder = ENCODERS.get();
    if (encoder.busy) {
      return encodeAlone(record, body); // re-entered on this thread (not done today): no sharing
    }
    encoder.busy = true;
    try {
      return encoder.encode(record, body);
    } finally {
      encoder.busy = false;
    }
  }

  /** Encodes with a generator of its own: the way every record was once encoded. */
  private static EncodedRecord encodeAlone(AmplitudeRecord record, Body body) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(512);
    try (JsonGenerator generator = JSON.createGenerator(bytes)) {
      JsonGenerator out = ValidatedRecords.passed(record) ? generator : new CheckingGenerator(generator);
      out.writeStartObject();
      body.write(out);
      out.writeEndObject();
    } catch (com.fasterxml.jackson.core.JsonGenerationException e) {
      throw unencodable(record, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EncodedRecord(record, bytes.toByteArray());
  }

  private static IllegalArgumentException unencodable(
      AmplitudeRecord record, com.fasterxml.jackson.core.JsonGenerationException e) {
    return new IllegalArgumentException(
        "cannot encode " + record.objectType().specName() + " record: " + e.getOriginalMessage(), e);
  }

  private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);

  /**
   * One thread's generator and output buffer, reused record after record: creating a Jackson
   * generator per record costs more than writing a small record. Each record is written as one more
   * root-level value with no separator, flushed, and taken out of the buffer; after any failure the
   * generator, whose state is then unknown, is dropped and the next record gets a new one.
   */
  private static final class Encoder {
    /** Buffers at most this much between records; a larger buffer left by a huge record is dropped. */
    private static final int KEEP = 64 * 1024;

    private final Output output = new Output();
    private JsonGenerator out;
    /** {@link #out} behind the surrogate guard, for records the validator has not passed. */
    private JsonGenerator checking;
    boolean busy;

    EncodedRecord encode(AmplitudeRecord record, Body body) {
      boolean done = false;
      try {
        JsonGenerator generator = out;
        if (generator == null) {
          generator = JSON.createGenerator(output);
          generator.setRootValueSeparator(null);
          out = generator;
          checking = new CheckingGenerator(generator);
        }
        JsonGenerator target = ValidatedRecords.passed(record) ? generator : checking;
        target.writeStartObject();
        body.write(target);
        target.writeEndObject();
        generator.flush();
        EncodedRecord encoded = new EncodedRecord(record, output.take(KEEP));
        done = true;
        return encoded;
      } catch (com.fasterxml.jackson.core.JsonGenerationException e) {
        throw unencodable(record, e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        if (!done) {
          drop();
        }
      }
    }

    private void drop() {
      JsonGenerator generator = out;
      out = null;
      checking = null;
      if (generator != null) {
        try {
          generator.close(); // returns its buffers; whatever it writes now is discarded below
        } catch (IOException | RuntimeException ignored) {
          // it is being dropped anyway
        }
      }
      output.discard(KEEP);
    }
  }

  /** An unsynchronized growable byte sink (the generator flushes into it in large chunks). */
  private static final class Output extends java.io.OutputStream {
    private byte[] buffer = new byte[1024];
    private int length;

    @Override
    public void write(int b) {
      ensure(1);
      buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) {
      ensure(count);
      System.arraycopy(bytes, offset, buffer, length, count);
      length += count;
    }

    private void ensure(int more) {
      int needed = length + more;
      if (needed > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
      }
    }

    /** Returns what was written since the last call, and empties the sink. */
    byte[] take(int keep) {
      byte[] bytes = java.util.Arrays.copyOf(buffer, length);
      discard(keep);
      return bytes;
    }

    void discard(int keep) {
      length = 0;
      if (buffer.length > keep) {
        buffer = new byte[1024];
      }
    }
  }
}
