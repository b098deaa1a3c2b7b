package io.gastown.relay.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificate chains and private keys without extra libraries. Keys may be PKCS#8 ({@code
 * PRIVATE KEY}, what scripts/gen-certs.sh writes), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC
 * ({@code EC PRIVATE KEY}, cert-manager's default encoding); the last two are re-wrapped as PKCS#8
 * for the JDK's KeyFactory. Encrypted keys are not supported.
 */
final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final byte[] RSA_ENCRYPTION_OID = {
    0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
  };
  private static final byte[] EC_PUBLIC_KEY_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };
  private static final byte[] DER_NULL = {0x05, 0x00};
  private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

  private PemFiles() {}

  static X509Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> chain =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (chain.isEmpty()) {
        throw new GeneralSecurityException(file + " holds no certificate");
      }
      return chain.toArray(new X509Certificate[0]);
    }
  }

  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      switch (m.group(1)) {
        case "PRIVATE KEY":
          return pkcs8(der, "EC", "RSA", "Ed25519");
        case "RSA PRIVATE KEY":
          return pkcs8(wrap(seq(RSA_ENCRYPTION_OID, DER_NULL), der), "RSA");
        case "EC PRIVATE KEY":
          return pkcs8(wrap(seq(EC_PUBLIC_KEY_OID, curveOf(der)), der), "EC");
        case "ENCRYPTED PRIVATE KEY":
          throw new GeneralSecurityException(file + ": encrypted private keys are not supported");
        default:
          // a certificate or parameters block: look further
      }
    }
    throw new GeneralSecurityException(file + " holds no PEM private key");
  }

  private static PrivateKey pkcs8(byte[] der, String... algorithms)
      throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : algorithms) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("unsupported private key", last);
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key }. */
  private static byte[] wrap(byte[] algorithmIdentifier, byte[] key) {
    return seq(VERSION_0, algorithmIdentifier, tlv(0x04, key));
  }

  /** The named curve of a SEC1 ECPrivateKey: the OID in its [0] parameters. */
  static byte[] curveOf(byte[] sec1) throws GeneralSecurityException {
    Der outer = new Der(sec1, 0);
    if (outer.tag != 0x30) {
      throw new GeneralSecurityException("an EC PRIVATE KEY is not a DER sequence");
    }
    int at = outer.contentStart;
    while (at < outer.end) {
      Der item = new Der(sec1, at);
      if (item.tag == 0xa0) {
        Der oid = new Der(sec1, item.contentStart);
        return Arrays.copyOfRange(sec1, item.contentStart, oid.end);
      }
      at = item.end;
    }
    throw new GeneralSecurityException("the EC PRIVATE KEY names no curve");
  }

  private static byte[] seq(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    return tlv(0x30, content.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write((n >>> (8 * i)) & 0xff);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /** One DER element's header: tag, where its content starts, where it ends. */
  private static final class Der {
    final int tag;
    final int contentStart;
    final int end;

    Der(byte[] b, int at) throws GeneralSecurityException {
      if (at + 2 > b.length) {
        throw new GeneralSecurityException("truncated DER");
      }
      tag = b[at] & 0xff;
      int first = b[at + 1] & 0xff;
      int length;
      int header;
      if (first < 0x80) {
        length = first;
        header = 2;
      } else {
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 4 || at + 2 + bytes > b.length) {
          throw new GeneralSecurityException("bad DER length");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (b[at + 2 + i] & 0xff);
        }
        header = 2 + bytes;
      }
      contentStart = at + header;
      end = contentStart + length;
      if (length < 0 || end > b.length) {
        throw new GeneralSecurityException("bad DER length");
      }
    }
  }
}
