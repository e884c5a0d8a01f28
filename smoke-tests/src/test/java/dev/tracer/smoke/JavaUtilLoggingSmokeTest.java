package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.FaultProxy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The agent never starts java.util.logging: the JVM picks its {@code LogManager} once, at first use, so an agent
 * that used JUL in premain would choose it before an application server installs its own. The libraries in the
 * agent jar log through {@code LibraryLogger} instead (the build relocates {@code java.util.logging.Logger} there),
 * and what they report still reaches the agent's log.
 */
class JavaUtilLoggingSmokeTest {
  private static final String LIBRARY_LOGGER = "dev/tracer/exporters/LibraryLogger";

  @Test
  void theApplicationsLogManagerIsMadeByTheApplication() throws Exception {
    try (FaultProxy backend = new FaultProxy()) { // nothing listens: the exports fail, and the libraries say so
      AgentProcess app = AgentProcess.builder(JulApp.class).classpath(AgentProcess.appClasspath())
          .jvmArg("-Djava.util.logging.manager=" + JulApp.ChosenLogManager.class.getName())
          .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", backend.url()).start();
      app.awaitExit(60);
      assertThat(app.stdout()).as(app.stderr()).contains("ChosenLogManager made after main started")
          .doesNotContain("made before").contains("log manager in use: ChosenLogManager");
      assertThat(app.stderr()).doesNotContain("Could not load Logmanager")
          // the OTLP metric exporter's own warning, through LibraryLogger to the agent's log
          .contains("[tracer] WARN io.opentelemetry.exporter").contains("Failed to export").contains("metrics");
    }
  }

  /** Every class in the agent jar calls LibraryLogger where it called JUL's Logger, and only what it declares. */
  @Test
  void theAgentJarCallsNoJavaUtilLoggingLogger() throws IOException {
    try (JarFile jar = new JarFile(AgentProcess.tracerJar().toFile())) {
      Set<String> declared = new HashSet<>();
      new ClassReader(read(jar, jar.getJarEntry("inst/" + LIBRARY_LOGGER + ".classdata")))
          .accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
              declared.add(name + descriptor);
              return null;
            }
          }, ClassReader.SKIP_CODE);
      List<String> wrong = new ArrayList<>();
      int calls = 0;
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (!entry.getName().endsWith(".classdata")) {
          continue;
        }
        String owner = entry.getName();
        int[] found = {0};
        new ClassReader(read(jar, entry)).accept(new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
              String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
              @Override
              public void visitMethodInsn(int opcode, String callee, String method, String desc, boolean itf) {
                if (callee.equals("java/util/logging/Logger")) {
                  wrong.add(owner + " calls java.util.logging.Logger." + method + desc);
                } else if (callee.equals(LIBRARY_LOGGER)) {
                  found[0]++;
                  if (!declared.contains(method + desc)) {
                    wrong.add(owner + " calls LibraryLogger." + method + desc + ", which it does not declare");
                  }
                }
              }
            };
          }
        }, ClassReader.SKIP_DEBUG);
        calls += found[0];
      }
      assertThat(wrong).isEmpty();
      assertThat(calls).as("calls the bundled libraries make to their loggers").isGreaterThan(100);
    }
  }

  private static byte[] read(JarFile jar, JarEntry entry) throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }
}
