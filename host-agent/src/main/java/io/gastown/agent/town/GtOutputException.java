package io.gastown.agent.town;

/** gt succeeded but printed something this agent cannot read. */
public final class GtOutputException extends GtException {
  private static final long serialVersionUID = 1L;
  private static final int EXCERPT = 200;

  public GtOutputException(String command, String problem, String output) {
    super(command, command + ": " + problem + "; output began: " + excerpt(output));
  }

  static String excerpt(String output) {
    String oneLine = output.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= EXCERPT
        ? "'" + oneLine + "'"
        : "'" + oneLine.substring(0, EXCERPT) + "…'";
  }
}
