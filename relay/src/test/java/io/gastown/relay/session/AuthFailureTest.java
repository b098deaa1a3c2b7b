package io.gastown.relay.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.relay.metrics.RelayMetrics;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AuthFailureTest {

  @Test
  void everyReasonIsALabelOfTheMetricAndStartsAtZero() {
    assertEquals(
        Arrays.stream(AuthFailure.values()).map(AuthFailure::label).toList(),
        RelayMetrics.AUTH_FAILURE_REASONS);
    RelayMetrics metrics = new RelayMetrics();
    assertEquals(0.0, metrics.authFailures());
    metrics.authFailure(AuthFailure.REVOKED_TOKEN.label());
    metrics.authFailure(AuthFailure.REVOKED_TOKEN.label());
    metrics.authFailure(AuthFailure.HOST_MISMATCH.label());
    assertEquals(2.0, metrics.authFailures("revoked_token"));
    assertEquals(3.0, metrics.authFailures());
  }

  @Test
  void labelsArePrometheusFriendly() {
    Pattern label = Pattern.compile("[a-z_]+");
    for (AuthFailure f : AuthFailure.values()) {
      assertTrue(label.matcher(f.label()).matches(), f.label());
    }
  }
}
