package dev.ampsync.cli;

import dev.ampsync.spec.SyncSpec;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.UnaryOperator;

/**
 * Everything the command line prints passes through this once a spec is loaded: each value the spec
 * took from the environment is shown as the spec wrote it ({@link SyncSpec#showAsWritten}), so no
 * line, report or log of a run echoes a variable ({@code name: users-${ENV}}, an endpoint, a path).
 * The sources of the messages show the spec as written themselves where they can (a {@code jdbc}
 * source's query, whose error points into it with a caret); this is the net under them.
 *
 * <p>One per command line; the streams it {@linkplain #wrap wraps} share it.
 */
final class AsWrittenOutput {
  private volatile UnaryOperator<String> show = UnaryOperator.identity();

  /** From now on, shows this spec's values as written. */
  void showAsWrittenIn(SyncSpec spec) {
    show = spec::showAsWritten;
  }

  /** Returns a text as the loaded spec wrote it (the text itself before a spec is loaded). */
  String show(String text) {
    return text == null ? null : show.apply(text);
  }

  /** Returns a stream printing through this onto {@code stream}. */
  PrintStream wrap(PrintStream stream) {
    return stream instanceof Stream wrapped && wrapped.output == this ? stream : new Stream(stream, this);
  }

  /**
   * Shows a spec's values as written on every stream among {@code streams} that a command line's
   * output wraps.
   */
  static void showAsWrittenIn(SyncSpec spec, PrintStream... streams) {
    for (PrintStream stream : streams) {
      if (stream instanceof Stream wrapped) {
        wrapped.output.showAsWrittenIn(spec);
      }
    }
  }

  /** Returns the output a stream belongs to, or a new one for a stream no output wraps. */
  static AsWrittenOutput ofOrNew(PrintStream stream) {
    return stream instanceof Stream wrapped ? wrapped.output : new AsWrittenOutput();
  }

  /** Returns how the output a stream belongs to shows text (as is, for a stream it does not wrap). */
  static UnaryOperator<String> of(PrintStream stream) {
    return stream instanceof Stream wrapped ? wrapped.output::show : UnaryOperator.identity();
  }

  /**
   * Returns a JSON generator writing every string value through {@code show} (a report's error, a
   * history's error and resync reason).
   */
  static JsonGenerator json(JsonGenerator generator, UnaryOperator<String> show) {
    return new JsonGeneratorDelegate(generator, true) {
      @Override
      public void writeString(String text) throws IOException {
        super.writeString(show.apply(text));
      }

      @Override
      public void writeStringField(String name, String text) throws IOException {
        writeFieldName(name);
        writeString(text);
      }
    };
  }

  /**
   * A print stream whose text goes through the output's {@link #show} to the stream it wraps. Text
   * reaches a {@link PrintStream} through {@code print(String)} ({@code println}, {@code printf},
   * {@code append} and stack traces of a subclass call it) or {@code print(Object)}; numbers and
   * bytes pass as they are.
   */
  private static final class Stream extends PrintStream {
    private final PrintStream target;
    private final AsWrittenOutput output;

    Stream(PrintStream target, AsWrittenOutput output) {
      super(target, true);
      this.target = target;
      this.output = output;
    }

    @Override
    public void print(String text) {
      target.print(output.show(String.valueOf(text)));
    }

    @Override
    public void print(Object value) {
      print(String.valueOf(value));
    }

    @Override
    public void print(char[] text) {
      print(new String(text));
    }

    @Override
    public void println(String text) {
      synchronized (this) {
        print(text);
        println();
      }
    }

    @Override
    public void println(Object value) {
      println(String.valueOf(value));
    }

    @Override
    public void println(char[] text) {
      println(new String(text));
    }

    @Override
    public void println() {
      target.println();
    }

    @Override
    public void flush() {
      target.flush();
    }

    @Override
    public boolean checkError() {
      return target.checkError();
    }
  }
}
