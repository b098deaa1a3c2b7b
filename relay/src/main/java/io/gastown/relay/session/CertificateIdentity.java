package io.gastown.relay.session;

import io.gastown.relay.api.GastownNames;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The host id a client certificate stands for: the URI SAN {@code gastown://host/<id>} when the
 * certificate has one (what scripts/gen-certs.sh writes), else its subject CN. The id must be a DNS
 * label like every host id; two different gastown URIs make the certificate name no host.
 */
public final class CertificateIdentity {
  static final String URI_PREFIX = "gastown://host/";
  private static final int URI_SAN = 6;

  private CertificateIdentity() {}

  public static Optional<String> hostOf(X509Certificate cert) {
    List<String> fromUris = uriHosts(cert);
    if (fromUris.size() > 1) {
      return Optional.empty();
    }
    Optional<String> id = fromUris.isEmpty() ? commonName(cert) : Optional.of(fromUris.get(0));
    return id.filter(h -> GastownNames.HOST_ID.matcher(h).matches());
  }

  /** Lower-case hex of the serial number, as {@code openssl x509 -serial} prints it. */
  public static String serial(X509Certificate cert) {
    return cert.getSerialNumber().toString(16);
  }

  /** Lower-case hex SHA-256 of the DER encoding. */
  public static String sha256(X509Certificate cert) {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot hash a certificate", e);
    }
  }

  private static List<String> uriHosts(X509Certificate cert) {
    List<String> hosts = new ArrayList<>();
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return List.of("", ""); // unreadable SANs: name no host rather than guess
    }
    if (sans == null) {
      return hosts;
    }
    for (List<?> san : sans) {
      if (san.size() == 2 && Integer.valueOf(URI_SAN).equals(san.get(0))) {
        String uri = String.valueOf(san.get(1));
        if (uri.toLowerCase(Locale.ROOT).startsWith(URI_PREFIX)) {
          String host = uri.substring(URI_PREFIX.length());
          if (!hosts.contains(host)) {
            hosts.add(host);
          }
        }
      }
    }
    return hosts;
  }

  private static Optional<String> commonName(X509Certificate cert) {
    try {
      LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
      List<String> cns = new ArrayList<>();
      for (Rdn rdn : name.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cns.add(String.valueOf(rdn.getValue()));
        }
      }
      return cns.size() == 1 ? Optional.of(cns.get(0)) : Optional.empty();
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }
}
