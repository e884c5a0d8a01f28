package dev.tracer.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates a TLS test makes for itself with Bouncy Castle, nothing from outside: a private CA, and server
 * (for {@code 127.0.0.1} and {@code localhost}) and client certificates it signs, as PEM files (certificate,
 * PKCS#8 key) in a folder, and as the JDK {@link SSLContext}s a loopback server or client needs.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static final long DAY_MILLIS = 86_400_000L;

  /** A certificate, its key, and the CA that signed it (itself for a CA). */
  public static final class Issued {
    public final String name;
    public final X509Certificate certificate;
    public final PrivateKey key;
    /** PEM files: the certificate, the PKCS#8 key. */
    public final Path certificateFile;
    public final Path keyFile;
    private final Issued issuer;

    Issued(String name, X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile, Issued issuer) {
      this.name = name;
      this.certificate = certificate;
      this.key = key;
      this.certificateFile = certificateFile;
      this.keyFile = keyFile;
      this.issuer = issuer;
    }

    /** For a server presenting this certificate; {@code clientsFrom}: require client certificates this CA signed (null: none). */
    public SSLContext serverContext(Issued clientsFrom) throws GeneralSecurityException, IOException {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(name, key, new char[0], new X509Certificate[] {certificate, issuer.certificate});
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, new char[0]);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), clientsFrom == null ? null : clientsFrom.trustManagers(), null);
      return context;
    }

    /** For a client that trusts this CA only. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(), null);
      return context;
    }

    /** This CA as a PKCS#12 trust store file (for {@code -Djavax.net.ssl.trustStore}), password {@code changeit}. */
    public Path trustStore(Path folder) throws GeneralSecurityException, IOException {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry(name, certificate);
      Path file = folder.resolve(name + "-truststore.p12");
      try (java.io.OutputStream out = Files.newOutputStream(file)) {
        store.store(out, "changeit".toCharArray());
      }
      return file;
    }

    private javax.net.ssl.TrustManager[] trustManagers() throws GeneralSecurityException, IOException {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry(name, certificate);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return factory.getTrustManagers();
    }
  }

  private final Path folder;

  public TestCertificates(Path folder) {
    this.folder = folder;
  }

  /** A self-signed CA. */
  public Issued ca(String name) throws Exception {
    KeyPair pair = keyPair();
    X500Name subject = new X500Name("CN=" + name + ",O=tracer tests");
    JcaX509v3CertificateBuilder builder = builder(subject, subject, pair);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate certificate = sign(builder, pair.getPrivate());
    return write(name, certificate, pair.getPrivate(), null);
  }

  /** A server certificate for {@code 127.0.0.1} and {@code localhost}, signed by {@code ca}. */
  public Issued server(String name, Issued ca) throws Exception {
    return leaf(name, ca, true);
  }

  /** A client certificate (mTLS), signed by {@code ca}. */
  public Issued client(String name, Issued ca) throws Exception {
    return leaf(name, ca, false);
  }

  private Issued leaf(String name, Issued ca, boolean server) throws Exception {
    KeyPair pair = keyPair();
    JcaX509v3CertificateBuilder builder = builder(
        X500Name.getInstance(ca.certificate.getSubjectX500Principal().getEncoded()), new X500Name("CN=" + name + ",O=tracer tests"), pair);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    if (server) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()),
          new GeneralName(GeneralName.dNSName, "localhost")}));
    }
    X509Certificate certificate = sign(builder, ca.key);
    return write(name, certificate, pair.getPrivate(), ca);
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair) {
    long now = System.currentTimeMillis();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        new Date(now - DAY_MILLIS), new Date(now + 30 * DAY_MILLIS), subject, pair.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey signer) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private Issued write(String name, X509Certificate certificate, PrivateKey key, Issued issuer) throws IOException {
    Files.createDirectories(folder);
    Path certificateFile = folder.resolve(name + ".pem");
    Path keyFile = folder.resolve(name + "-key.pem");
    Files.write(certificateFile, pem(certificate).getBytes(StandardCharsets.US_ASCII));
    // PKCS#8 (BEGIN PRIVATE KEY), what the OpenTelemetry exporters and the agent read
    Files.write(keyFile, ("-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII));
    return new Issued(name, certificate, key, certificateFile, keyFile, issuer);
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
