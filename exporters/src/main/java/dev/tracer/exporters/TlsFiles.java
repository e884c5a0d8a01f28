package dev.tracer.exporters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * One exporter's TLS files (PEM): the CA bundle to trust, and the client certificate and key for mTLS, each with
 * the variable that named it (for the one line a bad file gives). They become an {@link SSLContext} for that
 * exporter only: the JVM's default context, the {@code javax.net.ssl.*} properties and the application's own TLS
 * are never touched. Checked at start-up ({@link #check()}: there, PEM, complete), so a bad file is reported at
 * once; parsed into the context when the exporter is built, on its first export, off the application's start-up
 * (the security providers and key parsing cost 0.1–0.3 s of a cold JVM). One context type serves every exporter
 * alike (OTLP over HTTP and gRPC, Zipkin, Jaeger).
 */
public final class TlsFiles {
  public static final TlsFiles NONE = new TlsFiles(null, null, null);
  private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PKCS8_END = "-----END PRIVATE KEY-----";
  private static final String CERTIFICATE_BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String NOT_PKCS8 = "not a PEM PKCS#8 private key (" + PKCS8_BEGIN + "); "
      + "convert one with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";

  /** A file as configured: the variable (or property) that named it, and the path. */
  public static final class File {
    public final String variable;
    public final String path;

    public File(String variable, String path) {
      this.variable = variable;
      this.path = path;
    }

    @Override
    public String toString() {
      return variable + "=" + path;
    }
  }

  /** A file that is missing, unreadable or not PEM: the message names the variable and the file. */
  public static final class Invalid extends IllegalArgumentException {
    Invalid(File file, String why) {
      super(file + ": " + why);
    }

    Invalid(String message) {
      super(message);
    }
  }

  /** What the exporters are given: the context and its trust manager (OkHttp needs both). */
  public static final class Loaded {
    public final SSLContext context;
    public final X509TrustManager trustManager;

    Loaded(SSLContext context, X509TrustManager trustManager) {
      this.context = context;
      this.trustManager = trustManager;
    }
  }

  public final File certificate;
  public final File clientCertificate;
  public final File clientKey;

  public TlsFiles(File certificate, File clientCertificate, File clientKey) {
    this.certificate = certificate;
    this.clientCertificate = clientCertificate;
    this.clientKey = clientKey;
  }

  public boolean isEmpty() {
    return certificate == null && clientCertificate == null && clientKey == null;
  }

  /**
   * At start-up, cheaply (no security provider loaded): each file is there, readable and PEM of the right kind,
   * and a client certificate has its key; {@link Invalid} otherwise. {@link #load()} parses them on first export.
   */
  public TlsFiles check() {
    if ((clientCertificate == null) != (clientKey == null)) {
      File given = clientCertificate != null ? clientCertificate : clientKey;
      throw new Invalid(given + ": a client certificate needs its key and a key its certificate (mTLS), "
          + "one of the two is not set");
    }
    for (File file : new File[] {certificate, clientCertificate}) {
      if (file != null && !pem(file).contains(CERTIFICATE_BEGIN)) {
        throw new Invalid(file, "not a PEM certificate file (no " + CERTIFICATE_BEGIN + ")");
      }
    }
    if (clientKey != null && !pem(clientKey).contains(PKCS8_BEGIN)) {
      throw new Invalid(clientKey, NOT_PKCS8);
    }
    return this;
  }

  private static String pem(File file) {
    return new String(read(file), StandardCharsets.US_ASCII);
  }

  /**
   * What builds an exporter on its first export: the files parsed into a context given to the exporter's builder
   * ({@code setSslContext}) when there are any, then {@code build}.
   */
  <T> Supplier<T> building(BiConsumer<SSLContext, X509TrustManager> setSslContext, Supplier<T> build) {
    return () -> {
      Loaded loaded = load();
      if (loaded != null) {
        setSslContext.accept(loaded.context, loaded.trustManager);
      }
      return build.get();
    };
  }

  /** Null when no file is set (the exporter uses the JVM's defaults); {@link Invalid} for a bad file. */
  public Loaded load() {
    if (isEmpty()) {
      return null;
    }
    check();
    try {
      X509TrustManager trust;
      if (certificate != null) {
        trust = trustManager(certificates(certificate));
      } else {
        trust = trustManager(null); // the JVM's trust store, as without these files
      }
      X509KeyManager keys = null;
      if (clientCertificate != null) {
        keys = keyManager(certificates(clientCertificate), privateKey(clientKey));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : new KeyManager[] {keys}, new TrustManager[] {trust}, null);
      return new Loaded(context, trust);
    } catch (GeneralSecurityException | IOException e) {
      throw new Invalid((certificate != null ? certificate : clientCertificate) + ": " + e.getMessage());
    }
  }

  private static X509TrustManager trustManager(List<X509Certificate> trusted) throws GeneralSecurityException,
      IOException {
    KeyStore store = null;
    if (trusted != null) {
      store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < trusted.size(); i++) {
        store.setCertificateEntry("ca-" + i, trusted.get(i));
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager) {
        return (X509TrustManager) manager;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager");
  }

  private static X509KeyManager keyManager(List<X509Certificate> chain, PrivateKey key) throws GeneralSecurityException,
      IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    char[] password = new char[0];
    store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    for (KeyManager manager : factory.getKeyManagers()) {
      if (manager instanceof X509KeyManager) {
        return (X509KeyManager) manager;
      }
    }
    throw new GeneralSecurityException("no X509KeyManager");
  }

  /** A PEM PKCS#8 key ({@code BEGIN PRIVATE KEY}), RSA or EC, as the OpenTelemetry exporters read one. */
  private static PrivateKey privateKey(File file) {
    String text = new String(read(file), StandardCharsets.US_ASCII);
    int begin = text.indexOf(PKCS8_BEGIN);
    int end = text.indexOf(PKCS8_END);
    if (begin < 0 || end < begin) {
      throw new Invalid(file, NOT_PKCS8);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + PKCS8_BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new Invalid(file, "the PEM key is not valid base64");
    }
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new Invalid(file, "not an RSA or EC private key");
  }

  /** The certificates of a PEM file, at least one; {@link Invalid} otherwise. */
  public static List<X509Certificate> certificates(File file) {
    byte[] bytes = read(file);
    if (!new String(bytes, StandardCharsets.US_ASCII).contains(CERTIFICATE_BEGIN)) {
      throw new Invalid(file, "not a PEM certificate file (no " + CERTIFICATE_BEGIN + ")");
    }
    Collection<? extends Certificate> parsed;
    try {
      parsed = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
    } catch (GeneralSecurityException e) {
      throw new Invalid(file, "not a readable PEM certificate (" + e.getMessage() + ")");
    }
    List<X509Certificate> certificates = new ArrayList<>();
    for (Certificate certificate : parsed) {
      if (certificate instanceof X509Certificate) {
        certificates.add((X509Certificate) certificate);
      }
    }
    if (certificates.isEmpty()) {
      throw new Invalid(file, "holds no X.509 certificate");
    }
    return certificates;
  }

  private static byte[] read(File file) {
    Path path = Paths.get(file.path);
    try {
      if (Files.isDirectory(path)) {
        throw new Invalid(file, "is a folder, not a file");
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new Invalid(file, "no such file");
    } catch (IOException | SecurityException e) {
      throw new Invalid(file, "cannot be read (" + e + ")");
    }
  }

  /**
   * For the doctor: each file with what is in it (certificates: subject, issuer, expiry; the key: its type only,
   * never its bytes). A bad file gives its {@link Invalid} message.
   */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (File file : new File[] {certificate, clientCertificate}) {
      if (file == null) {
        continue;
      }
      lines.add(file.toString());
      try {
        for (X509Certificate cert : certificates(file)) {
          lines.add("  subject " + cert.getSubjectX500Principal().getName() + ", issuer "
              + cert.getIssuerX500Principal().getName() + ", expires " + cert.getNotAfter().toInstant()
              + (cert.getNotAfter().getTime() < System.currentTimeMillis() ? " (EXPIRED)" : ""));
        }
      } catch (Invalid e) {
        lines.add("  PROBLEM: " + e.getMessage());
      }
    }
    if (clientKey != null) {
      lines.add(clientKey.toString());
      try {
        lines.add("  a PEM PKCS#8 " + privateKey(clientKey).getAlgorithm() + " private key (contents not shown)");
      } catch (Invalid e) {
        lines.add("  PROBLEM: " + e.getMessage());
      }
    }
    return lines;
  }
}
