package dev.ampsync.internal.spec;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.CharArrayReader;
import java.io.Reader;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Jackson's YAML factory, with parsers that name the anchor of a single value too. Jackson's own
 * parser (2.17) names the anchor of a mapping or a list but returns null for {@code &evt Order}, which
 * would leave {@code *evt} undefined. Its parsers also tell where a literal block's text starts.
 */
final class AnchorsYamlFactory extends YAMLFactory {
  private static final long serialVersionUID = 1L;

  @Override
  protected YAMLParser _createParser(Reader reader, IOContext context) {
    return new Parser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
  }

  @Override
  protected YAMLParser _createParser(char[] data, int offset, int length, IOContext context, boolean recyclable) {
    return _createParser(new CharArrayReader(data, offset, length), context);
  }

  /** A parser whose {@link #getCurrentAnchor()} names a scalar's anchor from SnakeYAML's event. */
  static final class Parser extends YAMLParser {
    Parser(IOContext context, int parserFeatures, int formatFeatures, LoaderOptions options, ObjectCodec codec, Reader reader) {
      super(context, parserFeatures, formatFeatures, options, codec, reader);
    }

    @Override
    public String getCurrentAnchor() {
      JsonToken token = currentToken();
      if (token != null && token.isScalarValue() && !isCurrentAlias() && _lastEvent instanceof ScalarEvent scalar) {
        return scalar.getAnchor();
      }
      return super.getCurrentAnchor();
    }

    /**
     * Returns the line the current value's text starts on when the value is a literal block ({@code
     * |}), whose every line is a line of the file: the line after the {@code |}.
     *
     * @return the 1-based line; 0 when the value is not a literal block
     */
    int literalBlockFirstLine() {
      JsonToken token = currentToken();
      if (token == JsonToken.VALUE_STRING && !isCurrentAlias() && _lastEvent instanceof ScalarEvent scalar
          && scalar.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL && scalar.getStartMark() != null) {
        return scalar.getStartMark().getLine() + 2; // 0-based line of the "|", and the text starts below it
      }
      return 0;
    }
  }
}
