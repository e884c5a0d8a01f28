package dev.tracer.instrumentation.opentelemetryapi;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The application's class loader: its own OpenTelemetry API (the version of the surefire execution, from
 * {@code application.api.dir}), H2, and its code ({@code com.example.otelapp}); parent the platform loader, so the
 * agent's API on the test class path is out of its sight, as under {@code -javaagent}.
 */
final class ApplicationLoader {
  private ApplicationLoader() {}

  static URLClassLoader create() throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    File dir = new File(System.getProperty("application.api.dir"));
    File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar"));
    if (jars == null || jars.length == 0) {
      throw new IllegalStateException("no API jars in " + dir);
    }
    Arrays.sort(jars);
    for (File jar : jars) {
      urls.add(jar.toURI().toURL());
    }
    File sdk = new File(System.getProperty("application.sdk.dir", "none"));
    File[] sdkJars = sdk.listFiles((d, name) -> name.endsWith(".jar"));
    for (File jar : sdkJars == null ? new File[0] : sdkJars) {
      urls.add(jar.toURI().toURL());
    }
    urls.add(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation());
    urls.add(ApplicationLoader.class.getProtectionDomain().getCodeSource().getLocation());
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  @SuppressWarnings("unchecked")
  /** Whether the application has an SDK of its own beside its API (the newest version's execution). */
  static boolean hasOwnSdk() {
    File[] jars = new File(System.getProperty("application.sdk.dir", "none")).listFiles((d, name) -> name.endsWith(".jar"));
    return jars != null && jars.length > 0;
  }

  static <T> T call(ClassLoader application, String method, Object... args) throws Exception {
    return callOn(application, "com.example.otelapp.Shop", method, args);
  }

  @SuppressWarnings("unchecked")
  static <T> T callOn(ClassLoader application, String type, String method, Object... args) throws Exception {
    Class<?> shop = application.loadClass(type);
    for (java.lang.reflect.Method m : shop.getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        // as in an application: its own loader is the context class loader (the API's service look-ups use it)
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(application);
        try {
          return (T) m.invoke(null, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
          throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } finally {
          Thread.currentThread().setContextClassLoader(previous);
        }
      }
    }
    throw new NoSuchMethodException(method);
  }

  static Map<String, String> map(ClassLoader application, String method, Object... args) throws Exception {
    return call(application, method, args);
  }
}
