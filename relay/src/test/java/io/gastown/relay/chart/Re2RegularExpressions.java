package io.gastown.relay.chart;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * The CRDs' {@code pattern}s judged in the API server's dialect: RE2 (Go's regexp, here re2j, the
 * engine dev.cel's {@code matches} uses too), searched as JSON Schema says ({@code find}). Java's
 * regex would differ where it matters: its {@code $} also matches before a final newline, so {@code
 * ^[a-z]+$} would pass {@code "abc\n"}, which a cluster refuses; and a pattern only Java can
 * compile (possessive quantifiers, look-arounds, back-references) would fail on a cluster at CRD
 * install.
 */
final class Re2RegularExpressions implements RegularExpressionFactory {
  static final Re2RegularExpressions INSTANCE = new Re2RegularExpressions();

  private Re2RegularExpressions() {}

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "not an RE2 pattern (the API server's dialect): " + regex, e);
    }
    return value -> pattern.matcher(value).find();
  }
}
