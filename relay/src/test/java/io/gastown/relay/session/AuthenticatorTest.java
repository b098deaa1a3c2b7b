package io.gastown.relay.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.gastown.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
  @TempDir static Path certDir;
  static TestCertificates certs;
  static X509Certificate alpha;
  static X509Certificate expired;

  @TempDir Path dir;
  Path tokensFile;
  Path revokedFile;
  TokenStore tokens;
  RevocationList revocations;

  @BeforeAll
  static void certificates() throws Exception {
    certs = TestCertificates.create(certDir, "alpha").withExpiredHosts("alpha");
    alpha = PemFiles.certificates(certs.hostCert("alpha"))[0];
    expired = PemFiles.certificates(certs.expiredHostCert("alpha"))[0];
  }

  @BeforeEach
  void files() throws Exception {
    tokensFile =
        Files.write(
            dir.resolve("tokens"),
            List.of(TokenFile.line("alpha", "tok-a"), TokenFile.line("bravo", "tok-b")));
    revokedFile = Files.writeString(dir.resolve("revoked"), "# none yet\n");
    tokens = new TokenStore(tokensFile);
    revocations = RevocationList.of(revokedFile);
  }

  private Authenticator auth(Optional<ClientAuthMode> mode) {
    return new Authenticator(tokens, revocations, mode, Clock.systemUTC());
  }

  private static AuthFailure refusal(Authenticator.Result r) {
    return assertInstanceOf(Authenticator.Result.Refused.class, r).reason();
  }

  private static Credential accepted(Authenticator.Result r) {
    return assertInstanceOf(Authenticator.Result.Accepted.class, r).credential();
  }

  @Test
  void aTokenAloneAuthenticatesItsHost() {
    Credential c = accepted(auth(Optional.empty()).authenticate(bearer("tok-b"), none()));
    assertEquals("bravo", c.host());
    assertEquals(Optional.empty(), c.certificate());
    assertEquals("bearer token", c.describe());
  }

  @Test
  void missingUnknownAndMalformedTokensAreRefusedByReason() {
    Authenticator a = auth(Optional.empty());
    assertEquals(AuthFailure.MISSING_CREDENTIALS, refusal(a.authenticate(none(), none())));
    assertEquals(AuthFailure.UNKNOWN_TOKEN, refusal(a.authenticate(bearer("nope"), none())));
    assertEquals(
        AuthFailure.UNKNOWN_TOKEN, refusal(a.authenticate(Optional.of("Basic dG9rLWE="), none())));
    assertEquals(
        AuthFailure.UNKNOWN_TOKEN, refusal(a.authenticate(Optional.of("Bearer  "), none())));
  }

  @Test
  void aCertificateAloneAuthenticatesTheHostItNames() {
    Credential c =
        accepted(auth(Optional.of(ClientAuthMode.OPTIONAL)).authenticate(none(), cert(alpha)));
    assertEquals("alpha", c.host());
    assertEquals(Optional.empty(), c.tokenSha256());
    assertEquals("client certificate serial " + CertificateIdentity.serial(alpha), c.describe());
  }

  @Test
  void withoutAClientCaCertificatesAreIgnored() {
    assertEquals(
        AuthFailure.MISSING_CREDENTIALS,
        refusal(auth(Optional.empty()).authenticate(none(), cert(alpha))));
  }

  @Test
  void aCertificateAndATokenMustNameTheSameHost() {
    Authenticator a = auth(Optional.of(ClientAuthMode.OPTIONAL));
    Credential both = accepted(a.authenticate(bearer("tok-a"), cert(alpha)));
    assertEquals("alpha", both.host());
    assertEquals(true, both.tokenSha256().isPresent() && both.certificate().isPresent());
    assertEquals(
        AuthFailure.CREDENTIALS_DISAGREE, refusal(a.authenticate(bearer("tok-b"), cert(alpha))));
    assertEquals(AuthFailure.UNKNOWN_TOKEN, refusal(a.authenticate(bearer("x"), cert(alpha))));
  }

  @Test
  void requireRefusesATokenWithoutACertificate() {
    Authenticator a = auth(Optional.of(ClientAuthMode.REQUIRE));
    assertEquals(
        AuthFailure.CERTIFICATE_REQUIRED, refusal(a.authenticate(bearer("tok-a"), none())));
    assertEquals("alpha", accepted(a.authenticate(none(), cert(alpha))).host());
  }

  @Test
  void expiredAndRevokedCertificatesAreRefusedEvenOnAResumedTlsSession() throws Exception {
    Authenticator a = auth(Optional.of(ClientAuthMode.OPTIONAL));
    assertEquals(AuthFailure.EXPIRED_CERTIFICATE, refusal(a.authenticate(none(), cert(expired))));
    revoke("serial=" + CertificateIdentity.serial(alpha));
    assertEquals(AuthFailure.REVOKED_CERTIFICATE, refusal(a.authenticate(none(), cert(alpha))));
  }

  @Test
  void aRevocationByFingerprintCountsToo() throws Exception {
    revoke("sha256:" + CertificateIdentity.sha256(alpha));
    assertEquals(
        AuthFailure.REVOKED_CERTIFICATE,
        refusal(auth(Optional.of(ClientAuthMode.OPTIONAL)).authenticate(none(), cert(alpha))));
  }

  @Test
  void aLiveCredentialStaysValidUntilItsTokenOrCertificateIsRevoked() throws Exception {
    Authenticator a = auth(Optional.of(ClientAuthMode.OPTIONAL));
    Credential both = accepted(a.authenticate(bearer("tok-a"), cert(alpha)));
    Credential tokenOnly = accepted(a.authenticate(bearer("tok-b"), none()));
    assertEquals(Optional.empty(), a.stillValid(both));

    // bravo rotates: a second token is added, then the first removed
    Files.write(
        tokensFile, List.of(TokenFile.line("alpha", "tok-a"), TokenFile.line("bravo", "tok-b2")));
    touch(tokensFile);
    tokens.refresh();
    assertEquals(Optional.of(AuthFailure.REVOKED_TOKEN), a.stillValid(tokenOnly));
    assertEquals(Optional.empty(), a.stillValid(both));

    revoke(CertificateIdentity.serial(alpha));
    revocations.refresh();
    assertEquals(Optional.of(AuthFailure.REVOKED_CERTIFICATE), a.stillValid(both));
  }

  @Test
  void aCertificateExpiresOnALiveSession() {
    Credential c = Credential.certificate("alpha", alpha);
    Clock after = Clock.fixed(alpha.getNotAfter().toInstant().plusSeconds(1), ZoneOffset.UTC);
    assertEquals(
        Optional.of(AuthFailure.EXPIRED_CERTIFICATE),
        new Authenticator(tokens, revocations, Optional.of(ClientAuthMode.OPTIONAL), after)
            .stillValid(c));
  }

  @Test
  void anUnreadableRevocationFileKeepsTheLastList() throws Exception {
    revoke(CertificateIdentity.serial(alpha));
    revocations.refresh();
    Files.delete(revokedFile);
    revocations.refresh();
    assertEquals(true, revocations.revoked(alpha));
  }

  private void revoke(String line) throws Exception {
    Files.writeString(revokedFile, line + "\n");
    touch(revokedFile);
  }

  private static void touch(Path f) throws Exception {
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
  }

  private static Optional<String> bearer(String token) {
    return Optional.of("Bearer " + token);
  }

  private static <T> Optional<T> none() {
    return Optional.empty();
  }

  private static Optional<X509Certificate> cert(X509Certificate c) {
    return Optional.of(c);
  }
}
