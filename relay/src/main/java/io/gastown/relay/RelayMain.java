package io.gastown.relay;

/** Wiring only. */
public final class RelayMain {
  public static void main(String[] args) {}
}
