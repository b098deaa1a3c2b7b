package io.gastown.agent.validate;

/**
 * One invalid spec field.
 *
 * @param field the field's JSON path, e.g. {@code spec.gitURL}
 * @param problem what is wrong, for a person
 */
public record Violation(String field, String problem) {

  @Override
  public String toString() {
    return field + ": " + problem;
  }
}
