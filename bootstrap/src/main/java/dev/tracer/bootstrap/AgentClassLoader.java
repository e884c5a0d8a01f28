package dev.tracer.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent (Byte Buddy, the OpenTelemetry SDK, jctools, exporters, instrumentations) from the
 * {@code inst/} folder of tracer.jar, where classes are stored as {@code .classdata} so that neither the
 * system class loader nor a class-path scanner of the application can see them. Its parent is the platform
 * class loader: the application's own versions of the same libraries are never seen from here.
 */
public final class AgentClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  public static final String PREFIX = "inst/";

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain domain;

  public AgentClassLoader(JarFile jar, URL jarLocation, ClassLoader parent) {
    super(parent);
    this.jar = jar;
    this.jarUrl = "jar:" + jarLocation.toExternalForm() + "!/";
    this.domain = new ProtectionDomain(new CodeSource(jarLocation, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      // the central directory knows the size: one array, no growing copies (a few thousand classes at start-up)
      bytes = entry.getSize() >= 0 ? in.readNBytes((int) entry.getSize()) : in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      String pkg = name.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException raced) {
          // another thread defined it
        }
      }
    }
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  @Override
  protected URL findResource(String name) {
    JarEntry entry = jar.getJarEntry(entryName(name));
    if (entry == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entry.getName());
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    // read straight from the open jar: no URL connection, no jar cache
    JarEntry entry = jar.getJarEntry(entryName(name));
    if (entry != null) {
      try {
        return jar.getInputStream(entry);
      } catch (IOException e) {
        return null;
      }
    }
    return super.getResourceAsStream(name);
  }

  private static String entryName(String resource) {
    if (resource.startsWith("/")) {
      resource = resource.substring(1);
    }
    if (resource.endsWith(".class")) {
      return PREFIX + resource.substring(0, resource.length() - ".class".length()) + ".classdata";
    }
    return PREFIX + resource;
  }
}
